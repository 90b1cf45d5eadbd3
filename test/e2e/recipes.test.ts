/**
 * Every block of README's first screen and its Recipes section does what it says: each
 * scenario runs, as written, against a small shop API, and the comparison commands compare two
 * runs. The load of a recipe (its `phases`) is cut to the users of one second with `--overrides`:
 * what a recipe shows is its flow, which runs unchanged; `validate` checks the files as written.
 * The think-time recipe waits 5 to 15 s for real, so it runs beside the others, on its own API.
 * (The GitHub Actions recipe is linted by test/docs/recipes.test.ts.)
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.ts';
import { only, readmeBlocks } from '../helpers/readme-blocks.ts';
import type { Block } from '../helpers/readme-blocks.ts';
import { SHOP_USER, startShopApi } from '../helpers/shop-api.ts';
import type { ShopApi } from '../helpers/shop-api.ts';

const endpointsOf = async (stdout: string): Promise<string[]> => {
  const dir = /^Reports: (.+)$/m.exec(stdout)?.[1] ?? '';
  const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as { endpoints: { name: string }[] };
  return summary.endpoints.map((e) => e.name).sort();
};

/** `--overrides` that keep a recipe's users but start them all in its first second, and no more. */
const oneSecondOf = (users: number): string[] => ['--overrides', JSON.stringify({ config: { phases: [{ users, spawnRate: users, duration: 1 }] } })];

/** The recipes that are scenario files, by heading, with the environment each needs. */
const RECIPES: { heading: string; env?: Record<string, string> }[] = [
  { heading: 'loadspec' },
  { heading: 'Log in once and reuse the token', env: { SHOP_PASSWORD: SHOP_USER.password } },
  { heading: 'A random id from a list' },
  { heading: 'Users from a CSV file' },
  { heading: 'A criterion for one endpoint' },
  { heading: "Think time like Locust's `between(5, 15)`" },
];

const fileName = (heading: string): string => `${heading.replace(/\W+/g, '-').toLowerCase()}.yml`;

describe('README recipes, run', { timeout: 300_000, concurrency: true }, () => {
  let dir: string;
  let blocks: Map<string, Block[]>;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-recipes-'));
    blocks = await readmeBlocks();
    await writeFile(path.join(dir, 'users.csv'), only(blocks, 'Users from a CSV file', 'csv'));
  });

  /** Writes the recipe's scenario and runs it against `shop`; the shop's answers are counted afresh. */
  async function runRecipe(shop: ShopApi, heading: string, options: { env?: Record<string, string>; args?: string[]; results: string }) {
    const file = path.join(dir, fileName(heading));
    const scenario = only(blocks, heading, 'yaml');
    assert.equal((parse(scenario) as { config: { target: string } }).config.target, 'http://127.0.0.1:8000', 'recipes point at a local API');
    await writeFile(file, scenario);
    shop.answered.clear();
    shop.log.length = 0;
    const run = await runCli(['run', file, '--target', shop.url, '--results', options.results, '--no-monitor', ...(options.args ?? [])], { env: options.env ?? {} });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual([...shop.answered.keys()].filter((k) => !/ 20\d$/.test(k)), [], 'every request succeeded');
    return run;
  }

  it('every recipe, as written, is a valid scenario file', async () => {
    const written = await mkdtemp(path.join(dir, 'as-written-'));
    await writeFile(path.join(written, 'users.csv'), only(blocks, 'Users from a CSV file', 'csv'));
    const files = await Promise.all(
      RECIPES.map(async ({ heading }) => {
        const file = path.join(written, fileName(heading));
        await writeFile(file, only(blocks, heading, 'yaml'));
        return file;
      }),
    );
    const env = Object.assign({}, ...RECIPES.map((r) => r.env ?? {})) as Record<string, string>;
    const validated = await runCli(['validate', ...files], { env });
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
  });

  describe('think time, then two recipes, on one API', { concurrency: 1 }, () => {
    let shop: ShopApi;
    let results: string;
    before(async () => {
      shop = await startShopApi();
      results = path.join(dir, 'results-think');
    });
    after(() => shop.close());

    it("think time like Locust's between(5, 15): the pause is 5 to 15 seconds", async () => {
      await runRecipe(shop, "Think time like Locust's `between(5, 15)`", { results });
      const times = shop.log.filter((e) => e.route === 'GET /products').map((e) => e.at);
      assert.equal(times.length, 2);
      const pause = ((times[1] ?? 0) - (times[0] ?? 0)) / 1000;
      assert.ok(pause >= 5 && pause <= 15.5, `paused ${pause} s`);
    });

    it('users from a CSV file: each user logs in with a line of the file', async () => {
      await runRecipe(shop, 'Users from a CSV file', { args: oneSecondOf(2), results });
      assert.ok((shop.answered.get('POST /login 200') ?? 0) >= 2);
      assert.deepEqual(shop.logins.at(-1), SHOP_USER);
    });

    it('a criterion for one endpoint is judged on that endpoint', async () => {
      const run = await runRecipe(shop, 'A criterion for one endpoint', { args: oneSecondOf(5), results });
      assert.match(run.stdout, /PASS +p95 of GET \/products\/\{productId\} < 500ms \(observed/);
      assert.match(run.stdout, /PASS +error rate of GET \/products < 1% \(observed/);
      assert.match(run.stdout, /Verdict: PASSED — all \d+ criteria passed/);
    });
  });

  describe('the first screen, three recipes and a comparison, on another API', { concurrency: 1 }, () => {
    let shop: ShopApi;
    let results: string;
    before(async () => {
      shop = await startShopApi();
      results = path.join(dir, 'results');
    });
    after(() => shop.close());

    it('the scenario of the first screen runs (shortened to a second)', async () => {
      const run = await runRecipe(shop, 'loadspec', { args: oneSecondOf(2), results });
      assert.match(run.stdout, /PASS +p95 < 500ms \(observed/);
      assert.match(run.stdout, /Verdict: PASSED — all \d+ criteria passed/);
      assert.ok((shop.answered.get('GET /products 200') ?? 0) > 0);
    });

    it('log in once and reuse the token: one login per user, then only authorised calls', async () => {
      await runRecipe(shop, 'Log in once and reuse the token', { env: { SHOP_PASSWORD: SHOP_USER.password }, args: oneSecondOf(5), results });
      const logins = shop.answered.get('POST /login 200') ?? 0;
      assert.ok(logins >= 5, `${logins} logins`);
      assert.equal(shop.answered.get('GET /cart 200'), logins * 5);
    });

    it('a random id from a list: ids that exist, one endpoint in the reports', async () => {
      const run = await runRecipe(shop, 'A random id from a list', { args: oneSecondOf(5), results });
      assert.deepEqual(await endpointsOf(run.stdout), ['GET /products/{productId}']);
    });

    it('comparing with the last run: latest against previous', async () => {
      const commands = only(blocks, 'Comparing with the last run', 'sh');
      assert.match(commands, /^bin\/pnpm loadspec compare latest --baseline previous$/m);
      // The id recipe ran above; once more (shorter) makes a "previous" and a "latest" of the same scenario.
      const file = path.join(dir, fileName('A random id from a list'));
      const again = await runCli(['run', file, '--target', shop.url, '--results', results, '--no-monitor', ...oneSecondOf(1)]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      const compare = await runCli(['compare', 'latest', '--baseline', 'previous', '--results', results]);
      // 1 user against 5: whether that counts as a regression is not the point here, that the two runs are compared is.
      assert.ok(compare.code === 0 || compare.code === 1, compare.stdout + compare.stderr);
      assert.match(compare.stdout, /p95/);
      assert.match(compare.stdout, /^Comparing .*a-random-id-from-a-list-.* with .*a-random-id-from-a-list-/);
      const runs = await runCli(['runs', '--results', results]);
      assert.match(runs.stdout.split('\n')[2] ?? '', /^a-random-id-from-a-list .* PASSED /, 'the newest run first');
    });
  });
});
