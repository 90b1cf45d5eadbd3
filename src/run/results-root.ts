/**
 * Checks the `--results` directory before anything starts: it must be (or be creatable
 * as) a writable directory on a real file system. Node's recursive mkdir never returns
 * for a missing path under /proc, and a path under a file or on a read-only mount would
 * only fail after the health check and the demo target, so each is refused up front
 * with one sentence.
 */
import { accessSync, constants, mkdirSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';

/** statfs magic numbers of kernel file systems that hold no files of ours. */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);

/** Null when `dir` is usable (it then exists), else the sentence to print. */
export function checkResultsRoot(dir: string): string | null {
  const absolute = path.resolve(dir);
  let existing = absolute;
  const missing: string[] = [];
  for (;;) {
    const info = statSync(existing, { throwIfNoEntry: false });
    if (info !== undefined) {
      if (!info.isDirectory()) {
        return `--results ${dir}: ${existing} is a file, not a directory; give a directory, e.g. --results results`;
      }
      break;
    }
    missing.unshift(path.basename(existing));
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const kind = PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(existing).type));
  if (kind !== undefined) return `--results ${dir} is on the kernel's ${kind} file system, which cannot hold files; give a normal directory, e.g. --results results`;
  try {
    accessSync(existing, constants.W_OK);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable';
    return `--results ${dir}: ${existing} ${why}; give a directory you can write to, e.g. --results results`;
  }
  if (missing.length > 0) {
    try {
      mkdirSync(absolute, { recursive: true });
    } catch (error: unknown) {
      return `--results ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a directory you can write to`;
    }
  }
  return null;
}
