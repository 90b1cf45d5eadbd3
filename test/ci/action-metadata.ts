/**
 * action.yml as the tests read it: its inputs, outputs and steps (test/ci/action.test.ts lints it,
 * test/e2e/action.test.ts runs its run step).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/run-cli.ts';

export const ACTION_FILE = path.join(REPO_ROOT, 'action.yml');

export interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
export interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export const readAction = async (): Promise<ActionMetadata> => parse(await readFile(ACTION_FILE, 'utf8')) as ActionMetadata;
