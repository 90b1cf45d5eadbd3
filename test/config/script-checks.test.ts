import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { shownErrors } from '../helpers/config-errors.ts';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const shown = (name: string) => path.relative(process.cwd(), path.join(fixtures, name));
const errorsOf = (name: string) => shownErrors(path.join(fixtures, name));

describe('a file that would send nothing is refused', () => {
  it('has no config at all: the scenario half of a split test, or shared flows', async () => {
    assert.deepEqual(await errorsOf('sends/no-config.yml'), [
      `${shown('sends/no-config.yml')}:1:1 the file has no "config:": if it is the scenario half of a split test, give its config with --config <file> (as with artillery run --config); if it holds shared flows, run a scenario file that includes it (list it under "include:"); otherwise add config.phases, e.g. "phases: [{ duration: 60, arrivalRate: 5 }]" (5 new virtual users a second for a minute)`,
    ]);
  });

  it('has only pauses and zero rates', async () => {
    assert.deepEqual(await errorsOf('sends/idle-phases.yml'), [
      `${shown('sends/idle-phases.yml')}:2:3 the file sends nothing: every phase in config.phases is a pause or has "arrivalRate: 0"; give one phase an arrivalRate or arrivalCount above 0`,
    ]);
  });

  it('accepts a hold (arrivalRate: 0) between phases that send', async () => {
    assert.deepEqual(await errorsOf('sends/hold.yml'), []);
  });
});

describe('a config without phases', () => {
  it('is valid: Artillery runs one virtual user', async () => {
    assert.deepEqual(await errorsOf('sends/no-phases.yml'), []);
  });
});

describe('phases Artillery cannot run', () => {
  it('refuses rampTo without arrivalRate at the rampTo key', async () => {
    assert.deepEqual(await errorsOf('sends/ramp-without-rate.yml'), [
      `${shown('sends/ramp-without-rate.yml')}:4:7 config.phases[0] has "rampTo" without "arrivalRate"; write the rate the ramp starts from, e.g. "arrivalRate: 0" to ramp up from no users`,
    ]);
  });
});

describe('criteria speak about endpoints the flows call', () => {
  it('refuses criteria and slow-request thresholds on unknown endpoints, with a did-you-mean over included flows and pick branches, method included', async () => {
    const file = shown('criteria/unknown-endpoints.yml');
    const called = '(the flows call GET /health, POST /api/v1/chat, GET /api/v1/reminders)';
    assert.deepEqual(await errorsOf('criteria/unknown-endpoints.yml'), [
      `${file}:11:9 config.plugins.slow-requests.endpoints has "GET /api/v1/reminder", which no flow calls, so its threshold would never apply; did you mean "GET /api/v1/reminders"? ${called}`,
      `${file}:16:11 config.plugins.thresholds.criteria[2]: no flow calls POST /api/v1/chats, so "p95 of POST /api/v1/chats < 3s" would judge nothing; did you mean "POST /api/v1/chat"? ${called}`,
      `${file}:17:19 config.plugins.thresholds.criteria[3].expect: no flow calls GET /api/v1/chat, so "error rate of GET /api/v1/chat < 1%" would judge nothing; did you mean "POST /api/v1/chat"? ${called}`,
      `${file}:18:11 config.plugins.thresholds.criteria[4]: write the endpoint as METHOD /path, e.g. "GET /api/v1/reminders" (got "/api/v1/reminders")`,
      `${file}:19:11 config.plugins.thresholds.criteria[5]: no flow calls DELETE /nothing/like/this, so "p99 of DELETE /nothing/like/this < 1s" would judge nothing; name one the flows call ${called}`,
    ]);
  });
});

describe('a request\'s own timeout, which Artillery replaces with config.http.timeout', () => {
  it('is refused with what to write instead', async () => {
    assert.deepEqual(await errorsOf('request-timeout.yml'), [
      `${shown('request-timeout.yml')}:9:20 scenarios[0].flow[0].get.timeout would be ignored: Artillery gives every request config.http.timeout; remove it and set "http: { timeout: 2 }" under config`,
    ]);
  });
});

describe('a loop count Artillery reads differently from how it reads', () => {
  it('refuses count: "2-5", which Artillery runs 3 times, and says what to write; "3" as text is a count, and a range that numbers the rounds runs unless it is empty', async () => {
    assert.deepEqual(await errorsOf('steps/loop-range.yml'), [
      `${shown('steps/loop-range.yml')}:11:16 scenarios[0].flow[0].count is "2-5", which Artillery does not read as "2 to 5 times": it runs the steps 3 times ($loopCount 2 up to 4); write the number of times, e.g. count: 3 (a range numbers the rounds for steps that use {{ $loopCount }})`,
      `${shown('steps/loop-range.yml')}:28:16 scenarios[0].flow[4].count is "5-2": Artillery counts $loopCount from 5 up to 2, so the steps never run; write the higher number last, e.g. "2-5", or a count of 1 or more`,
    ]);
  });
});
