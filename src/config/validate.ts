/** The `validate` sub-command's core: check several scenario files, report every problem of each. */
import type { ConfigError } from './errors.ts';
import { loadScenarioFile } from './load.ts';

export interface FileValidation {
  /** The scenario file as given (errors carry absolute paths; formatConfigError shows them relative). */
  file: string;
  /** Empty when the file (and everything it includes) is valid. */
  errors: ConfigError[];
}

export async function validateFiles(paths: string[]): Promise<FileValidation[]> {
  const results: FileValidation[] = [];
  for (const file of paths) {
    const loaded = await loadScenarioFile(file);
    results.push({ file, errors: loaded.ok ? [] : loaded.errors });
  }
  return results;
}
