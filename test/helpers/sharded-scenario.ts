/** A scenario for shard tests, shared by the shards and the Kubernetes Job tests. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './run-cli.ts';

/**
 * The smoke scenario with a load that splits evenly: 6 arrivals/s for 4 s over 2
 * shards (3/s each), 3 requests per user about 1 s apart, so ~24 users and ~72
 * requests in ~8 s. Built from configs/smoke.yml so its plugins and criteria stay
 * whatever the smoke scenario uses.
 */
export async function shardedScenario(): Promise<string> {
  const smoke = parse(await readFile(path.join(REPO_ROOT, 'configs/smoke.yml'), 'utf8')) as {
    loadspec: Record<string, unknown>;
    include: string[];
    config: Record<string, unknown>;
  };
  smoke.loadspec['duration'] = '40s';
  smoke.include = smoke.include.map((file) => path.join(REPO_ROOT, 'configs', file));
  smoke.config['phases'] = [{ duration: 4, arrivalRate: 6 }];
  smoke.config['variables'] = { sessionRequests: 3, thinkSeconds: 1 };
  return stringify(smoke);
}

