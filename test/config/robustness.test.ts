import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadScenarioFile } from '../../src/config/load.ts';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

type Segment = string | number;

function paths(value: unknown, base: Segment[] = []): Segment[][] {
  const out: Segment[][] = [base];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...base, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) out.push(...paths(child, [...base, key]));
  }
  return out;
}

function setAt(root: unknown, path: Segment[], value: unknown): void {
  let node = root as Record<Segment, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<Segment, unknown>;
  node[path[path.length - 1] as Segment] = value;
}

/** Small deterministic generator so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('loadScenarioFile on mangled files', () => {
  it('answers every broken variant of a valid file with positioned sentences, never an exception', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-config-'));
    try {
      await mkdir(path.join(dir, 'shared'));
      await copyFile(path.join(fixtures, 'shared/flows.yml'), path.join(dir, 'shared/flows.yml'));
      const original = parse(await readFile(path.join(fixtures, 'valid.yml'), 'utf8')) as unknown;
      const all = paths(original).filter((p) => p.length > 0);
      const replacements: unknown[] = [null, 'x', -1, 0, 0.5, [], {}, { bogus: 1 }, true, '{{ x }}', [{ gett: 1 }]];
      const next = random(42);
      const file = path.join(dir, 'mangled.yml');
      let rejected = 0;
      for (let round = 0; round < 150; round++) {
        const copy = structuredClone(original);
        const target = all[Math.floor(next() * all.length)] as Segment[];
        const replacement = replacements[Math.floor(next() * replacements.length)];
        setAt(copy, target, replacement);
        await writeFile(file, stringify(copy));
        const result = await loadScenarioFile(file);
        if (result.ok) continue;
        rejected++;
        for (const error of result.errors) {
          const where = `${target.join('.')} = ${JSON.stringify(replacement)}: ${error.message}`;
          assert.ok(error.line >= 1 && error.col >= 1, where);
          assert.ok(error.message.length > 10, where);
          assert.doesNotMatch(error.message, /must match|must NOT|anyOf|(?<!the text ")undefined|\[object Object\]/, where);
        }
      }
      assert.ok(rejected > 50, `only ${rejected} of 150 mangled files were rejected`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
