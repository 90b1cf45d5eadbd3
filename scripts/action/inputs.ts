/** The action's inputs (action.yml passes them as INPUT_* variables), checked before anything runs. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ActionInputs {
  workspace: string;
  /** Absolute paths inside the workspace. */
  scenarios: string[];
  target: string | null;
  shards: number;
  /** The shard this job runs (a matrix job per shard), or null: every shard on this runner. */
  shard: number | null;
  startAt: string | null;
  apiKey: string | null;
  /** Where run directories go (absolute). */
  results: string;
}

export type ReadInputs = { ok: true; inputs: ActionInputs } | { ok: false; problems: string[] };

export function readInputs(env: NodeJS.ProcessEnv): ReadInputs {
  const problems: string[] = [];
  const get = (name: string): string => (env[`INPUT_${name}`] ?? '').trim();
  const workspace = env['GITHUB_WORKSPACE'] ?? '';
  if (workspace === '') problems.push('GITHUB_WORKSPACE is not set: run this as a GitHub Actions step (uses: <owner>/loadspec@<ref>)');
  const items = get('SCENARIOS').split(/[\s,]+/).filter((s) => s.length > 0);
  if (items.length === 0) problems.push('input "scenarios" is empty; give scenario files of your repository, e.g. scenarios: load/steady.yml');
  const scenarios = items.map((item) => path.resolve(workspace, item));
  scenarios.forEach((file, i) => {
    const rel = path.relative(workspace, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) problems.push(`scenario "${items[i]}" is outside the repository (${workspace}); give a path inside it`);
    else if (!existsSync(file) || !statSync(file).isFile()) problems.push(`scenario "${items[i]}" does not exist in the repository; give a path relative to its root`);
  });
  const shardsText = get('SHARDS') || '1';
  const shards = Number(shardsText);
  if (!/^\d+$/.test(shardsText) || shards < 1 || shards > 16) problems.push(`input "shards" must be a whole number from 1 to 16 (got "${shardsText}")`);
  const shardText = get('SHARD');
  const shard = shardText === '' ? null : Number(shardText);
  if (shard !== null && (!/^\d+$/.test(shardText) || shard < 1 || shard > shards)) problems.push(`input "shard" must be a whole number from 1 to shards (${shardsText}); got "${shardText}"`);
  const results = path.resolve(workspace, get('RESULTS') || 'loadspec-results');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    inputs: {
      workspace,
      scenarios,
      target: get('TARGET') || null,
      shards,
      shard,
      startAt: get('START_AT') || null,
      apiKey: env['INPUT_API_KEY'] || null,
      results,
    },
  };
}
