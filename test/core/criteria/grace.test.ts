/**
 * `grace` has one meaning and one default: what the schema (and so the generated YAML
 * reference and editors) says is what the abort watch does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { AbortWatch } from '../../../src/core/criteria/abort-watch.ts';
import { parseThresholdsConfig } from '../../../src/core/criteria/config.ts';
import { buildWindow, times } from './run-builder.ts';
import type { TrafficSpec } from './run-builder.ts';

const SCHEMA = path.resolve(import.meta.dirname, '../../../schema/loadspec.schema.json');

/** Every `description` of a property named `name` in the generated JSON Schema. */
function descriptionsOf(name: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === name && typeof value === 'object' && value !== null && typeof Reflect.get(value, 'description') === 'string') found.push(Reflect.get(value, 'description') as string);
        walk(value);
      }
    }
  };
  walk(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  return found;
}

it('grace, as the schema states it: failing in a row for that long stops the run, and its default is what the code uses', () => {
  const descriptions = [...new Set(descriptionsOf('grace'))];
  assert.equal(descriptions.length, 1, `one description of grace: ${descriptions.join(' | ')}`);
  const description = descriptions[0] ?? '';
  assert.match(description, /in a row/);
  const stated = /Default: (\d+)s\./.exec(description);
  assert.ok(stated, description);
  const defaultS = Number(stated[1]);

  const config = parseThresholdsConfig({ criteria: [{ expect: 'error rate < 1%', abort: true }] });
  assert.equal(config.criteria[0]?.graceS, defaultS);
  // 10-s windows: failing from the second window on, the run stops when the streak reaches the default.
  const API = 'GET /api';
  const healthy: Record<string, TrafficSpec> = { [API]: { latencies: times(50, 100) } };
  const broken: Record<string, TrafficSpec> = { [API]: { latencies: times(50, 100), errors: { 'http.500': 50 }, codes: { '500': 50 } } };
  const watch = new AbortWatch(config.criteria, config.options);
  assert.equal(watch.observe(buildWindow(0, healthy)), null, 'a passing start');
  const windows = defaultS / 10;
  for (let i = 1; i < windows; i++) assert.equal(watch.observe(buildWindow(i, broken)), null, `failing for ${i * 10} s of ${defaultS}`);
  const decision = watch.observe(buildWindow(windows, broken));
  assert.ok(decision, `stops after failing ${defaultS} s in a row`);
  assert.equal((decision.time - decision.failingSince) / 1000, defaultS);
});
