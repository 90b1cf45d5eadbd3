/**
 * Latency sketches: encode, decode, merge and summarise.
 *
 * We record latency as DDSketch (relative accuracy 1%), the structure Artillery
 * itself aggregates in its main process: recording it costs nothing per request,
 * and sketches merge exactly across windows, worker threads and CI shards.
 * This is the one place where percentiles are computed.
 */
import { DDSketch } from '@artilleryio/sketches-js';
import type { EncodedSketch, LatencyStats } from './types.ts';

/** The accuracy Artillery uses; sketches only merge with equal accuracy. */
export const RELATIVE_ACCURACY = 0.01;

/** Anything with DDSketch's `toProto` (Artillery's own instances come from its copy of the library). */
export interface ProtoSketch {
  toProto(): Uint8Array;
}

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
}

export function encodeSketch(sketch: ProtoSketch): EncodedSketch {
  return Buffer.from(sketch.toProto()).toString('base64');
}

export function decodeSketch(encoded: EncodedSketch): DDSketch {
  return DDSketch.fromProto(Buffer.from(encoded, 'base64'));
}

/** Merges encoded sketches into a new sketch; null when there is nothing to merge. */
export function mergeSketches(encoded: Iterable<EncodedSketch | null | undefined>): DDSketch | null {
  let merged: DDSketch | null = null;
  for (const item of encoded) {
    if (!item) continue;
    const sketch = decodeSketch(item);
    if (sketch.count === 0) continue;
    if (merged === null) merged = newSketch();
    merged.merge(sketch);
  }
  return merged;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** Percentiles of a sketch in ms (one decimal); null for an empty sketch. */
export function latencyStats(sketch: DDSketch | null): LatencyStats | null {
  if (sketch === null || sketch.count === 0) return null;
  // DDSketch answers bucket midpoints, which can fall just outside the observed range.
  const q = (quantile: number): number =>
    round(Math.min(sketch.max, Math.max(sketch.min, sketch.getValueAtQuantile(quantile))));
  return {
    count: sketch.count,
    min: round(sketch.min),
    max: round(sketch.max),
    mean: round(sketch.sum / sketch.count),
    p50: q(0.5),
    p75: q(0.75),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    p999: q(0.999),
  };
}
