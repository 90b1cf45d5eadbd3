/**
 * `pnpm bench:validate`: how long loadspec takes to validate one scenario file in-process,
 * over every case of the Artillery corpus (test/fixtures/artillery-corpus, with each case's
 * run options): read, resolve the options, validate, merge includes. The first file (which
 * compiles the schema) is reported apart; then each case is validated WARM_RUNS times.
 * The CLI's Node start-up is not in it.
 * Goal: under 100 ms per file, for the slowest file. Exits 1 when it is missed.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenarioFile } from '../src/config/load.ts';
import { CORPUS_CASES, CORPUS_DIR, corpusRunOptions } from '../test/config/artillery-corpus-cases.ts';

const GOAL_MS = 100;
const WARM_RUNS = 5;
async function validateOnce(index: number): Promise<void> {
  const c = CORPUS_CASES[index];
  if (c === undefined) return;
  const read = await corpusRunOptions(c);
  if (read.ok) await loadScenarioFile(path.join(CORPUS_DIR, c.script), read.options);
}

const coldStart = performance.now();
await validateOnce(0);
const coldMs = performance.now() - coldStart;

const perFile: { script: string; ms: number }[] = [];
for (const [index, c] of CORPUS_CASES.entries()) {
  const start = performance.now();
  for (let i = 0; i < WARM_RUNS; i++) await validateOnce(index);
  perFile.push({ script: c.script, ms: (performance.now() - start) / WARM_RUNS });
}
perFile.sort((a, b) => b.ms - a.ms);
const total = perFile.reduce((sum, f) => sum + f.ms, 0);
const slowest = perFile[0];
console.log(`validated ${perFile.length} corpus cases x ${WARM_RUNS}`);
console.log(`first file (compiles the schema): ${coldMs.toFixed(1)} ms`);
console.log(`per file: mean ${(total / perFile.length).toFixed(2)} ms, slowest ${slowest?.ms.toFixed(2)} ms (${slowest?.script})`);
for (const f of perFile.slice(1, 4)) console.log(`  next: ${f.ms.toFixed(2)} ms ${f.script}`);
const ok = (slowest?.ms ?? 0) < GOAL_MS;
console.log(ok ? `goal met: every file under ${GOAL_MS} ms` : `GOAL MISSED: ${slowest?.script} took ${slowest?.ms.toFixed(1)} ms (goal ${GOAL_MS} ms)`);
process.exitCode = ok ? 0 : 1;
