/**
 * The undici engine sends what Artillery's own http engine sends. Every scenario of every corpus
 * script Artillery runs (test/fixtures/artillery-corpus), plus a handwritten script for what the
 * corpus rarely does (captures, cookies, redirects, gzip, form, auth), runs one user on each
 * engine against a recording server on loopback, which must see the same requests in the same
 * order: method, path and query, headers, body. What differs between two runs of Artillery's own
 * engine (random values) is left out of the comparison; every external URL is pointed at the
 * recording server, and think times are zero.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenarioFile } from '../../../src/config/load.ts';
import { whyNotThisEngine } from '../../../src/core/engine-support.ts';
import type { EngineScript, Processor } from '../../../plugins/artillery-engine-loadspec/artillery-types.ts';
import { CORPUS_CASES, CORPUS_DIR, corpusRunOptions } from '../../config/artillery-corpus-cases.ts';
import { runOneUser } from '../../helpers/engine-harness.ts';
import type { EngineKind, UserRun } from '../../helpers/engine-harness.ts';
import { startRecordingServer } from '../../helpers/recording-server.ts';
import type { RecordedRequest, RecordingServer } from '../../helpers/recording-server.ts';

const HANDWRITTEN = path.resolve(import.meta.dirname, '../../fixtures/engine-differential/features.yml');
/** Requests a user may send before the server ends it (a flow that loops for ever). */
const REQUEST_LIMIT = 40;
const USER_TIMEOUT_MS = 4_000;
/** Headers that describe the connection, not the request. */
const VOLATILE_HEADERS = new Set(['connection', 'host']);

type Data = Record<string, unknown>;
const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every absolute URL pointed at `base`, every think time zero. */
function onLoopback(node: unknown, base: string): unknown {
  if (typeof node === 'string') return node.replace(/\bhttps?:\/\/[^/\s"'{}]+/g, base);
  if (Array.isArray(node)) return node.map((n) => onLoopback(n, base));
  if (!isRecord(node)) return node;
  const out: Data = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'think' ? 0 : onLoopback(v, base);
  return out;
}

/** Flows as Artillery's prepareScript flattens them (YAML anchors can nest lists). */
function flatten(script: Data): void {
  for (const scenario of Array.isArray(script['scenarios']) ? script['scenarios'] : []) {
    if (isRecord(scenario) && Array.isArray(scenario['flow'])) scenario['flow'] = scenario['flow'].flat(Infinity);
  }
}

interface Prepared {
  name: string;
  data: Data;
  processorFile: string | undefined;
}

async function prepare(file: string, name: string, options: Parameters<typeof loadScenarioFile>[1], base: string): Promise<Prepared | string> {
  const loaded = await loadScenarioFile(file, options);
  if (!loaded.ok) return `${name}: loadspec refuses it`;
  const data = onLoopback(structuredClone(loaded.script), base) as Data;
  delete data['loadspec'];
  delete data['include'];
  const config = (isRecord(data['config']) ? data['config'] : {}) as Data;
  config['target'] = base;
  data['config'] = config;
  flatten(data);
  const processor = config['processor'];
  const processorFile = typeof processor === 'string' ? path.resolve(path.dirname(file), processor) : undefined;
  if (processorFile !== undefined) {
    try {
      await import(pathToFileURL(processorFile).href);
    } catch {
      // Artillery bundles a TypeScript processor with esbuild first; the comparison needs plain modules.
      return `${name}: its processor does not load as a plain module`;
    }
  }
  return { name, data, processorFile };
}

async function scriptOf(prepared: Prepared): Promise<EngineScript> {
  const script = structuredClone(prepared.data) as unknown as EngineScript;
  if (prepared.processorFile !== undefined) {
    const ns = (await import(pathToFileURL(prepared.processorFile).href)) as Data;
    script.config.processor = { ...(isRecord(ns['default']) ? ns['default'] : {}), ...ns } as Processor;
  }
  return script;
}

interface Recorded {
  run: UserRun;
  requests: RecordedRequest[];
}

async function record(kind: EngineKind, prepared: Prepared, index: number, server: RecordingServer): Promise<Recorded> {
  server.take();
  // `log` steps and the corpus's processors print: not this test's output.
  const log = console.log;
  console.log = () => {};
  const run = await runOneUser(kind, await scriptOf(prepared), index, USER_TIMEOUT_MS).finally(() => {
    console.log = log;
  });
  // A user that ended without an error had every request answered, so the server has logged
  // them all; one that timed out or failed may have a request on its way: give it time to land.
  if (!run.finished || run.error !== null) await new Promise((resolve) => setTimeout(resolve, 20));
  return { run, requests: server.take() };
}

/** What differed between two runs of Artillery's own engine: the URL, the body, header names. */
function varying(first: RecordedRequest, second: RecordedRequest | undefined): Set<string> {
  const out = new Set<string>();
  if (second === undefined) return out;
  if (first.url !== second.url) out.add('url');
  if (first.body !== second.body) out.add('body');
  for (const name of new Set([...Object.keys(first.headers), ...Object.keys(second.headers)])) {
    if (JSON.stringify(first.headers[name]) !== JSON.stringify(second.headers[name])) out.add(`header ${name}`);
  }
  return out;
}

/** The request as compared: what was the same in both runs of Artillery's engine. */
function comparable(request: RecordedRequest, varies: Set<string>): Data {
  const headers: Data = {};
  for (const [name, value] of Object.entries(request.headers).sort(([a], [b]) => a.localeCompare(b))) {
    if (!VOLATILE_HEADERS.has(name) && !varies.has(`header ${name}`)) headers[name] = value;
  }
  return { method: request.method, url: varies.has('url') ? '(varies)' : request.url, body: varies.has('body') ? '(varies)' : request.body, headers };
}

/** Where the undici engine's requests differ from Artillery's, or null. */
function difference(label: string, artillery: Recorded, again: Recorded, undici: Recorded): string | null {
  const count = artillery.run.finished && undici.run.finished ? Math.max(artillery.requests.length, undici.requests.length) : Math.min(artillery.requests.length, undici.requests.length);
  for (let i = 0; i < count; i++) {
    const a = artillery.requests[i];
    const u = undici.requests[i];
    if (a === undefined || u === undefined) return `${label}: request ${i + 1}: ${a === undefined ? 'only the undici engine sent it' : 'the undici engine did not send it'} (${(a ?? u)?.method} ${(a ?? u)?.url})`;
    const varies = varying(a, again.requests[i]);
    const expected = comparable(a, varies);
    const actual = comparable(u, varies);
    try {
      assert.deepEqual(actual, expected);
    } catch {
      return `${label}: request ${i + 1} differs:\n  artillery ${JSON.stringify(expected)}\n  undici    ${JSON.stringify(actual)}`;
    }
  }
  if (artillery.run.finished && undici.run.finished && artillery.run.error !== undici.run.error) return `${label}: the user ended with ${JSON.stringify(undici.run.error)} on undici, ${JSON.stringify(artillery.run.error)} on Artillery's engine`;
  return null;
}

interface Tally {
  scenarios: number;
  requests: number;
  skipped: string[];
  differences: string[];
}

async function compareScript(prepared: Prepared, server: RecordingServer, tally: Tally): Promise<void> {
  const scenarios = Array.isArray(prepared.data['scenarios']) ? prepared.data['scenarios'] : [];
  const config = isRecord(prepared.data['config']) ? prepared.data['config'] : {};
  for (const [index, scenario] of scenarios.entries()) {
    const label = `${prepared.name} scenarios[${index}]`;
    if (!isRecord(scenario) || (scenario['engine'] !== undefined && scenario['engine'] !== 'http')) continue;
    const reason = whyNotThisEngine(scenario, config, {});
    if (reason !== null) {
      tally.skipped.push(`${label}: ${reason}`);
      continue;
    }
    // A step sent with a probability is random on both engines: no order to compare.
    if (JSON.stringify(scenario['flow'] ?? []).includes('"probability"')) {
      tally.skipped.push(`${label}: steps are sent with a probability`);
      continue;
    }
    const artillery = await record('artillery', prepared, index, server);
    const again = await record('artillery', prepared, index, server);
    const undici = await record('undici', prepared, index, server);
    if (artillery.requests.length !== again.requests.length) {
      tally.skipped.push(`${label}: Artillery's engine sends a different number of requests from run to run (probability, random values)`);
      continue;
    }
    tally.scenarios++;
    tally.requests += undici.requests.length;
    const found = difference(label, artillery, again, undici);
    if (found !== null) tally.differences.push(found);
  }
}

test('every corpus scenario Artillery runs sends the same requests, in the same order, on the undici engine', { timeout: 600_000 }, async () => {
  const server = await startRecordingServer({ limit: REQUEST_LIMIT });
  const tally: Tally = { scenarios: 0, requests: 0, skipped: [], differences: [] };
  try {
    for (const c of CORPUS_CASES) {
      if (c.artillery !== 'valid' || c.loadspec !== undefined) continue;
      const options = await corpusRunOptions(c);
      if (!options.ok) continue;
      const prepared = await prepare(path.join(CORPUS_DIR, c.script), c.script, options.options, server.url);
      if (typeof prepared === 'string') {
        tally.skipped.push(prepared);
        continue;
      }
      await compareScript(prepared, server, tally);
    }
  } finally {
    await server.close();
  }
  assert.deepEqual(tally.differences, [], `${tally.differences.length} of ${tally.scenarios} scenarios differ`);
  assert.ok(tally.scenarios >= 130 && tally.requests >= 250, `compared ${tally.scenarios} scenarios, ${tally.requests} requests`);
});

test('captures, cookies, redirects, gzip, form, auth and hooks replay the same way on the undici engine', { timeout: 60_000 }, async () => {
  const server = await startRecordingServer({ limit: REQUEST_LIMIT });
  const tally: Tally = { scenarios: 0, requests: 0, skipped: [], differences: [] };
  try {
    const prepared = await prepare(HANDWRITTEN, 'features.yml', undefined, server.url);
    assert.ok(typeof prepared !== 'string', String(prepared));
    await compareScript(prepared, server, tally);
  } finally {
    await server.close();
  }
  assert.deepEqual(tally.differences, []);
  assert.equal(tally.requests, 20, `only ${tally.requests} requests compared`);
});
