/** What `loadspec validate` would print for a file: `file:line:col sentence` lines, paths relative to the working directory. */
import { formatConfigError, loadScenarioFile } from '../../src/config/load.ts';

export async function shownErrors(file: string): Promise<string[]> {
  const result = await loadScenarioFile(file);
  return result.ok ? [] : result.errors.map((e) => formatConfigError(e));
}
