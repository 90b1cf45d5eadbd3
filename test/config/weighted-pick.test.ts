import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileWeightedPick, WeightedPickError } from '../../src/config/weighted-pick.ts';
import { drawBranch, readCompiledPick, registerWeightedPicks } from '../../src/core/weighted-pick.ts';

type Step = Record<string, unknown>;

const scriptWith = (flow: unknown[]): { config: { processor?: unknown }; scenarios: Array<{ flow: unknown[] }> } => ({
  config: {},
  scenarios: [{ flow }],
});

describe('compileWeightedPick', () => {
  it('turns a pick into a draw step and one guarded loop per branch, at any depth', () => {
    const script = scriptWith([
      {
        loop: [
          {
            pick: [
              { weight: 3, name: 'browse', flow: [{ get: { url: '/a' } }] },
              { weight: 1, flow: [{ pick: [{ weight: 1, flow: [{ get: { url: '/b' } }] }, { weight: 1, flow: [{ get: { url: '/c' } }] }] }] },
            ],
          },
        ],
        count: 5,
      },
    ]);
    compileWeightedPick(script);
    const outer = script.scenarios[0]?.flow[0] as Step;
    assert.equal(outer['count'], 5);
    const steps = outer['loop'] as Step[];
    assert.equal(steps.length, 3, 'draw + 2 branches');
    assert.match(String(steps[0]?.['function']), /^loadspecPick\d+\(3,1\)$/);
    assert.deepEqual(steps[1]?.['loop'], [{ get: { url: '/a' } }]);
    const nested = steps[2]?.['loop'] as Step[];
    assert.match(String(nested[0]?.['function']), /^loadspecPick\d+\(1,1\)$/);
    assert.notEqual(nested[0]?.['function'], steps[0]?.['function']);
    // Each draw step names exactly the variables its branch loops run over.
    const pick = readCompiledPick(String(steps[0]?.['function']));
    assert.deepEqual(pick?.vars, [steps[1]?.['over'], steps[2]?.['over']]);
    // Nothing that Artillery's validation would reject: a function step has one key.
    assert.deepEqual(Object.keys(steps[0] ?? {}), ['function']);
  });

  it('refuses a malformed pick with a sentence that says where', () => {
    assert.throws(() => compileWeightedPick(scriptWith([{ pick: [] }])), (e: unknown) => e instanceof WeightedPickError && /scenarios\[0\]\.flow\[0\]/.test(e.message));
    assert.throws(() => compileWeightedPick(scriptWith([{ pick: [{ weight: 'ten', flow: [] }] }])), /pick\[0\]\.weight must be a number >= 0 \(got "ten"\)/);
    assert.throws(() => compileWeightedPick(scriptWith([{ pick: [{ weight: 0, flow: [] }] }])), /at least one pick branch needs a weight above 0/);
  });
});

describe('drawBranch', () => {
  it('splits [0, 1) by weight and never picks a zero weight', () => {
    assert.equal(drawBranch([80, 20], 0), 0);
    assert.equal(drawBranch([80, 20], 0.7999), 0);
    assert.equal(drawBranch([80, 20], 0.8), 1);
    assert.equal(drawBranch([80, 20], 0.99999), 1);
    assert.equal(drawBranch([0, 5, 0], 0), 1);
    assert.equal(drawBranch([0, 5, 0], 0.999999), 1);
  });
});

describe('registerWeightedPicks', () => {
  it('adds a draw function that chooses exactly one branch per call', () => {
    const script = compileWeightedPick(scriptWith([{ pick: [{ weight: 1, flow: [] }, { weight: 1, flow: [] }, { weight: 2, flow: [] }] }]));
    assert.equal(registerWeightedPicks(script), 1);
    const name = String((script.scenarios[0]?.flow[0] as Step)['function']);
    const fn = (script.config.processor as Record<string, (c: { vars: Record<string, unknown> }, e: unknown, d: () => void) => void>)[name];
    assert.ok(fn);
    const vars = readCompiledPick(name)?.vars ?? [];
    const chosen = [0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const context = { vars: {} as Record<string, unknown> };
      let called = false;
      fn(context, null, () => (called = true));
      assert.ok(called);
      const picked = vars.map((v) => (context.vars[v] as unknown[]).length);
      assert.equal(picked.reduce((a, b) => a + b, 0), 1);
      chosen[picked.indexOf(1)]! += 1;
    }
    // Expected 1000 / 1000 / 2000; 6 standard deviations of slack.
    assert.ok(Math.abs(chosen[0]! - 1000) < 170 && Math.abs(chosen[2]! - 2000) < 190, `split ${chosen.join('/')}`);
  });
});
