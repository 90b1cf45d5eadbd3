/**
 * The one judge: turns a run's evaluated criteria and how the run went into its
 * verdict, and a verdict into loadspec's exit code. `loadspec run`, `report` (when it
 * rebuilds a result), `merge` and the consolidated summary all call this; nothing
 * else decides PASSED.
 *
 * In order, the first rule that applies decides:
 * 1. interrupted (Ctrl-C, SIGTERM): `interrupted`, never a pass, whatever the criteria
 *    say (they are still judged on what was gathered, and shown);
 * 2. a record that cannot be trusted (a plugin did not load, the recorder broke): `errored`;
 * 3. no request at all: `errored`; nearly every response (REFUSED_SHARE) a 4xx: `errored`
 *    too, because the target refused the requests and nothing was tested (a wrong API
 *    key: every answer 401) — unless `thresholds.errors.expect4xx` says 4xx is the point;
 * 4. a merge missing a shard, or with a part that errored: `errored`;
 * 5. a saturated load generator: `inconclusive`;
 * 6. a crash that left passing numbers behind: `errored`;
 * 7. otherwise the criteria (src/core/criteria/verdict.ts): `failed` when one failed or
 *    an abort criterion stopped the run, `inconclusive` when one had no data, else `passed`.
 * A run stopped at its duration cap is judged on all its data by rule 7; its
 * completion (`capped`) says how much of the planned load was sent.
 */
import type { CriterionResult, RunMeta, RunResult, Verdict } from './types.ts';
import { decideVerdict } from './criteria/verdict.ts';
import { ExitCode } from './exit-codes.ts';
import type { ExitCodeValue } from './exit-codes.ts';

/** Share of responses that are 4xx from which a run counts as refused by the target. */
export const REFUSED_SHARE = 0.9;

const STATUS_TEXT: Record<string, string> = { '400': 'Bad Request', '401': 'Unauthorized', '403': 'Forbidden', '404': 'Not Found', '405': 'Method Not Allowed', '422': 'Unprocessable Entity', '429': 'Too Many Requests' };

/** What the refusal advice may name besides the totals: the endpoints that were refused, and whether an API key was sent. */
export interface RefusalContext {
  endpoints?: readonly { name: string; codes: Record<string, number> }[];
  /** The api-key plugin was on (only then is the key a likely cause). */
  apiKey?: boolean;
}

/** Why (nearly) every response being 4xx means nothing was tested, or null. */
export function refusedByTarget(totals: { responses?: number; codes?: Record<string, number>; errors?: Record<string, number>; expected?: Record<string, number> }, context: RefusalContext = {}): string | null {
  const responses = totals.responses ?? 0;
  // A status the steps expect (`expect: - statusCode: 404`) is an answer, not a refusal.
  const fourxx = Object.entries(totals.codes ?? {})
    .filter(([code]) => /^4\d\d$/.test(code))
    .map(([code, n]): [string, number] => [code, n - (totals.expected?.[code] ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const refused = fourxx.reduce((sum, [, n]) => sum + n, 0);
  if (responses === 0 || refused < responses * REFUSED_SHARE) return null;
  const [top] = fourxx;
  const name = (code: string): string => `${code}${STATUS_TEXT[code] ? ` ${STATUS_TEXT[code]}` : ''}`;
  const what = fourxx.length === 1 && refused === responses && top ? `every response was ${name(top[0])}` : `${Math.round((refused / responses) * 100)}% of responses were 4xx (${fourxx.map(([code, n]) => `${name(code)} ×${n}`).join(', ')})`;
  const where = refusedEndpoints(context.endpoints ?? []);
  const captures = totals.errors?.['capture'] ?? 0;
  const causes: string[] = [];
  if (captures > 0) causes.push(`a capture failed ${captures} time${captures === 1 ? '' : 's'}, so later requests may have sent empty values (check the step that logs in or creates what the others use)`);
  if (top && (top[0] === '401' || top[0] === '403')) {
    causes.push(context.apiKey === true ? 'check the API key (LOADSPEC_API_KEY, or the variable config.plugins.api-key.env names)' : 'check the credentials or token the requests send');
  } else if (top && top[0] === '429') causes.push('the target is rate-limiting: lower the load or raise its limit');
  else causes.push('check the target URL, the paths and the request bodies');
  return `${what}${where}: the target refused the requests, so the run tested nothing; ${causes.join('; ')}, or set config.plugins.thresholds.errors.expect4xx: true if these answers are what the test is for`;
}

/** ` (GET /cart ×40, POST /checkout ×12)`: the endpoints with the most 4xx answers, or nothing. */
function refusedEndpoints(endpoints: readonly { name: string; codes: Record<string, number> }[]): string {
  const counted = endpoints
    .map((e) => ({ name: e.name, n: Object.entries(e.codes).reduce((sum, [code, n]) => sum + (/^4\d\d$/.test(code) ? n : 0), 0) }))
    .filter((e) => e.n > 0)
    .sort((a, b) => b.n - a.n);
  if (counted.length === 0) return '';
  const shown = counted.slice(0, 3).map((e) => `${e.name} ×${e.n}`);
  return ` (${shown.join(', ')}${counted.length > 3 ? `, ${counted.length - 3} more` : ''})`;
}

export interface JudgeInput {
  criteria: readonly CriterionResult[];
  totals: { requests: number; responses?: number; codes?: Record<string, number>; errors?: Record<string, number>; expected?: Record<string, number> };
  /** The endpoints and API key the refusal advice may name. */
  refusal?: RefusalContext;
  /** `thresholds.errors.expect4xx`: 4xx answers are what the test is for. */
  expect4xx?: boolean;
  meta: Pick<RunMeta, 'completion' | 'stopReason' | 'interruptedBy'>;
  /** Set when a criterion marked `abort` stopped the run. */
  aborted?: { criterion: string; time: number } | null;
  /** Why the record cannot be trusted (each one sentence), e.g. a plugin that did not load. */
  untrusted?: readonly string[];
  /** Set when the load generator, not the target, limited the run. */
  saturation?: { saturated: boolean; reason: string } | null;
  /** The shards of a merged run. */
  parts?: readonly RunResult[];
  /** Shards a merge expected but did not get, e.g. ["2/3"]. */
  missingShards?: readonly string[];
  /** Shards of a merge whose load did not run together (late or short), one sentence each. */
  apart?: readonly string[];
}

const partLabel = (r: RunResult): string => (r.meta.shard ? `shard ${r.meta.shard}` : `run of ${new Date(r.meta.startedAt).toISOString()}`);

export function judge(input: JudgeInput): Verdict {
  const base = decideVerdict(input.criteria, { totals: input.totals, aborted: input.aborted ?? null });
  const { meta } = input;
  const stop = meta.stopReason ?? meta.completion;
  if (meta.completion === 'interrupted') {
    return {
      status: 'interrupted',
      criteria: base.criteria,
      reason: `${stop}; the criteria were judged on the ${input.totals.requests} requests sent until then, and an interrupted run is never a pass`,
    };
  }
  const untrusted = input.untrusted ?? [];
  if (untrusted.length > 0) return { ...base, status: 'errored', reason: `${untrusted.join('; ')}, so the run cannot be trusted` };
  if (input.totals.requests === 0) {
    const reason = meta.completion === 'complete' ? 'no request was sent (see artillery.log)' : `no request was sent before the run stopped (${stop})`;
    return { ...base, status: 'errored', reason };
  }
  const refused = input.expect4xx === true ? null : refusedByTarget(input.totals, input.refusal);
  if (refused !== null) return { ...base, status: 'errored', reason: refused };
  const missing = input.missingShards ?? [];
  if (missing.length > 0) {
    const which = missing.length === 1 ? `shard ${missing[0]} is missing` : `shards ${missing.join(', ')} are missing`;
    return { ...base, status: 'errored', reason: `${which}, so the merged run holds only part of the load` };
  }
  const errored = (input.parts ?? []).filter((r) => r.verdict.status === 'errored');
  if (errored.length > 0) {
    const why = errored.map((r) => `${partLabel(r)}: ${r.verdict.reason ?? 'errored'}`).join('; ');
    return { ...base, status: 'errored', reason: `a part of the run errored (${why})` };
  }
  const apart = input.apart ?? [];
  if (apart.length > 0) {
    const why = `${apart.join('; ')}, so the shards' load did not overlap and the merged run is not one test of their combined load`;
    return { ...base, status: base.status === 'failed' ? 'failed' : 'inconclusive', reason: [base.reason, why].filter(Boolean).join('; ') };
  }
  if (input.saturation?.saturated) return { ...base, status: 'inconclusive', reason: input.saturation.reason };
  const inconclusiveParts = (input.parts ?? []).filter((r) => r.verdict.status === 'inconclusive' && r.verdict.criteria.every((c) => c.status !== 'no-data'));
  if (base.status === 'passed' && inconclusiveParts.length > 0) {
    return { ...base, status: 'inconclusive', reason: inconclusiveParts.map((r) => `${partLabel(r)}: ${r.verdict.reason ?? 'inconclusive'}`).join('; ') };
  }
  if (meta.completion === 'crashed' && base.status === 'passed') return { ...base, status: 'errored', reason: `the run did not complete: ${stop}` };
  if (meta.completion !== 'complete' && base.status !== 'failed') return { ...base, reason: [base.reason, stop].filter(Boolean).join('; ') };
  return base;
}

const VERDICT_EXIT: Record<Exclude<Verdict['status'], 'interrupted'>, ExitCodeValue> = {
  passed: ExitCode.passed,
  failed: ExitCode.failed,
  errored: ExitCode.incomplete,
  inconclusive: ExitCode.inconclusive,
};

/** loadspec's exit code for a judged run (README: Exit codes). */
export function exitCodeOf(result: { verdict: Pick<Verdict, 'status'>; meta: Pick<RunMeta, 'interruptedBy'> }): ExitCodeValue {
  const status = result.verdict.status;
  if (status === 'interrupted') return result.meta.interruptedBy === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
  return VERDICT_EXIT[status];
}
