/**
 * Sees every counter and the response-time histogram that Artillery itself records in
 * this worker thread, as it is recorded, so the per-second record holds Artillery's
 * own counts (virtual users created / completed / failed, `errors.*`, `http.codes.*`,
 * `http.requests`, `http.responses`) alongside ours.
 *
 * Artillery's worker keeps its measurements in one SSMS instance (core/ssms.js) and
 * only hands them over every 10 s; on a stop the unfinished period never reaches a
 * plugin. So we wrap SSMS's two recording methods (`incr`, `histogram`; `counter` and
 * `summary` call them) once per thread. It costs one Map update per counter call.
 * The module is Artillery's own ES module, reached with require() (Node >= 22.12
 * returns the same instance the ES loader gave Artillery).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const WRAPPED = Symbol.for('loadspec.recorder.ssmsMirror');

export type CounterSink = (name: string, value: number, t: number | undefined) => void;
export type HistogramSink = (name: string, value: number, t: number | undefined) => void;

interface SsmsPrototype {
  incr(name: string, value: number, t?: number): void;
  histogram(name: string, value: number, t?: number): void;
  [WRAPPED]?: true;
}

function ssmsPrototype(): SsmsPrototype | null {
  try {
    const dir = path.dirname(require.resolve('artillery/package.json'));
    const mod = require(path.join(dir, 'dist', 'lib', 'core', 'ssms.js')) as { SSMS?: { prototype?: unknown } };
    const proto = mod.SSMS?.prototype as Partial<SsmsPrototype> | undefined;
    return proto && typeof proto.incr === 'function' && typeof proto.histogram === 'function' ? (proto as SsmsPrototype) : null;
  } catch {
    return null;
  }
}

/**
 * Sends Artillery's counters to `onCounter` and the histograms named in `histograms`
 * to `onHistogram`. Returns false when this Artillery has no SSMS to wrap (the runner
 * then refuses to trust the run: the recorder reports itself broken).
 */
export function mirrorArtilleryMetrics(onCounter: CounterSink, onHistogram: HistogramSink, histograms: ReadonlySet<string>): boolean {
  const proto = ssmsPrototype();
  if (proto === null) return false;
  if (proto[WRAPPED]) return true;
  const incr = proto.incr;
  const histogram = proto.histogram;
  proto.incr = function mirroredIncr(this: unknown, name: string, value: number, t?: number): void {
    onCounter(name, value, t);
    incr.call(this, name, value, t);
  };
  proto.histogram = function mirroredHistogram(this: unknown, name: string, value: number, t?: number): void {
    if (histograms.has(name)) onHistogram(name, value, t);
    histogram.call(this, name, value, t);
  };
  proto[WRAPPED] = true;
  return true;
}
