/**
 * Latency sketches: encode, decode, merge and summarise.
 *
 * We record latency as DDSketch (relative accuracy 1%), the structure Artillery
 * itself aggregates in its main process: recording it costs nothing per request,
 * and sketches merge exactly across windows, worker threads and CI shards.
 * This is the one place where percentiles are computed.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
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

/**
 * Marks a compressed sketch. The protobuf stores the bins between the lowest and the
 * highest value densely, so a window with 3 ms and 300 ms answers is ~2 KB of mostly
 * zeros; deflated it is ~100 bytes. Plain base64 protobufs (older files) still decode.
 */
const DEFLATED = 'z:';

export function encodeSketch(sketch: ProtoSketch): EncodedSketch {
  return DEFLATED + deflateRawSync(sketch.toProto()).toString('base64');
}

export function decodeSketch(encoded: EncodedSketch): DDSketch {
  if (encoded.startsWith(DEFLATED)) return DDSketch.fromProto(inflateRawSync(Buffer.from(encoded.slice(DEFLATED.length), 'base64')));
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
