/**
 * Calls a processor function the way Artillery's http engine does: a plain function gets a
 * callback as its last argument; any other (an `async function`) is awaited, and what it
 * resolves with is passed on like a callback's argument (engine_http.js: `.then(next)`).
 */
import type { ProcessorFunction } from './artillery-types.ts';

export type Done = (error?: unknown) => void;

export function callProcessor(fn: ProcessorFunction, args: unknown[], done: Done): void {
  if (fn.constructor.name === 'Function') {
    fn(...args, (error?: unknown) => done(error));
    return;
  }
  Promise.resolve(fn(...args)).then(
    (value: unknown) => done(value),
    (error: unknown) => done(error ?? new Error('a processor function rejected')),
  );
}

/** Runs `names` one after the other (Artillery's async.eachSeries); the first error stops the list. */
export function callEach(names: readonly string[], lookup: (name: string) => ProcessorFunction, args: unknown[], done: Done): void {
  let i = 0;
  const next = (error?: unknown): void => {
    if (error) return done(error);
    const name = names[i++];
    if (name === undefined) return done();
    callProcessor(lookup(name), args, next);
  };
  next();
}
