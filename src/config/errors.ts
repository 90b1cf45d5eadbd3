/** The error type every part of config loading returns, and its one-line form. */
import path from 'node:path';

/** One problem in a scenario file, placed where the writer can find it. */
export interface ConfigError {
  /** Absolute path of the file the problem is in (an included file for problems inside it). */
  file: string;
  /** 1-based line and column. */
  line: number;
  col: number;
  /** One sentence saying what is wrong and what to write instead; it names the location itself. */
  message: string;
  /** Where in the file's data, e.g. `config.phases[1].arrivalRate`; empty for the whole file. */
  path: string;
}

/** `configs/x.yml:12:7 config.phases[1].arrivalRate must be a whole number (got "ten")`, the file relative to the working directory. */
export function formatConfigError(error: ConfigError, cwd: string = process.cwd()): string {
  const shown = path.relative(cwd, error.file) || error.file;
  return `${shown}:${error.line}:${error.col} ${error.message}`;
}
