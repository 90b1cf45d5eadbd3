/**
 * A compiled `pick` inside a real Artillery run: one branch per iteration, by weight.
 * (The compilation and the draw without Artillery: test/config/weighted-pick.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileWeightedPick } from '../../src/config/weighted-pick.ts';
import { readRunDirectory } from '../../src/results/run-directory.ts';
import { startArtillery, startTarget } from '../helpers/run-artillery.ts';

describe('pick in a real Artillery run', { timeout: 60_000 }, () => {
  it('runs one branch per iteration, about 80/20, within one virtual user', async () => {
    const target = await startTarget();
    try {
      const script = compileWeightedPick({
        config: { target: target.url, phases: [{ duration: 1, arrivalCount: 1 }], plugins: { recorder: {} } },
        scenarios: [
          {
            flow: [
              {
                loop: [{ pick: [{ weight: 80, flow: [{ get: { url: '/often' } }] }, { weight: 20, flow: [{ get: { url: '/rarely' } }] }] }],
                count: 50,
              },
            ],
          },
        ],
      });
      const run = startArtillery({ script, timeoutMs: 45_000 });
      const { exitCode, stdout } = await run.done;
      assert.equal(exitCode, 0, stdout);
      const often = target.hits.get('/often') ?? 0;
      const rarely = target.hits.get('/rarely') ?? 0;
      assert.equal(often + rarely, 50, 'exactly one branch ran in each of the 50 iterations');
      // Binomial(50, 0.8): mean 40, sd 2.8; 30..48 is over 3.5 sd either way.
      assert.ok(often >= 30 && often <= 48, `split ${often}/${rarely}`);
      const recorded = await readRunDirectory(run.runDir);
      const users = recorded.windows.reduce((sum, w) => sum + w.vusersCreated, 0);
      assert.equal(users, 1);
    } finally {
      await target.close();
    }
  });
});
