/**
 * Value lists in a plain `artillery run` with our plugins: `function: draw <name>` gives a
 * list variable a new item before each request, so one user's session sends many values,
 * each from the list, and a map item's fields travel together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startArtillery } from '../helpers/run-artillery.ts';

test('one user drawing from lists sends a different item per request, fields of one item together', { timeout: 60_000 }, async () => {
  const bodies: { message: string; food: string; quantity: string }[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as { message: string; food: string; quantity: string });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const foods = [{ name: 'apple', quantity: '1 piece' }, { name: 'brown rice', quantity: '1 cup' }, { name: 'salmon', quantity: '150g' }];
  const messages = ['one', 'two', 'three', 'four'];
  try {
    const run = startArtillery({
      script: {
        config: {
          target: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          phases: [{ duration: 1, arrivalCount: 1 }],
          variables: { message: messages, food: foods },
          plugins: { recorder: {} },
        },
        scenarios: [{
          flow: [{
            loop: [
              { function: 'draw message' },
              { function: 'draw food' },
              { post: { url: '/x', json: { message: '{{ message }}', food: '{{ food.name }}', quantity: '{{ food.quantity }}' } } },
            ],
            count: 40,
          }],
        }],
      },
    });
    const { exitCode, stdout, stderr } = await run.done;
    assert.equal(exitCode, 0, stdout + stderr);
    assert.equal(bodies.length, 40);
    assert.ok(bodies.every((b) => messages.includes(b.message)));
    assert.ok(new Set(bodies.map((b) => b.message)).size >= 3, 'one user sent (nearly) every message');
    assert.ok(new Set(bodies.map((b) => b.food)).size >= 2, 'one user sent several foods');
    for (const body of bodies) assert.equal(foods.find((f) => f.name === body.food)?.quantity, body.quantity, 'name and quantity of one item');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
