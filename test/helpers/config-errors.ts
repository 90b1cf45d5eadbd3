/** What `loadspec validate` would print for a file: `file:line:col sentence` lines, paths relative to the working directory. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatConfigError, loadScenarioFile } from '../../src/config/load.ts';

export async function shownErrors(file: string): Promise<string[]> {
  const result = await loadScenarioFile(file);
  return result.ok ? [] : result.errors.map((e) => formatConfigError(e));
}

/** What `loadspec validate` would print for a new file holding `text`, each line without the file name (`line:col sentence`). */
export async function shownErrorsOfText(text: string, name = 'scenario.yml'): Promise<string[]> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'loadspec-config-')), name);
  await writeFile(file, text);
  return (await shownErrors(file)).map((e) => e.replace(`${path.relative(process.cwd(), file)}:`, ''));
}
