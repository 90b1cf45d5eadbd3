/**
 * The terminal's streams as the CLI writes to them. A reader that goes away (`| head -1`,
 * a `tee` stopped by the same Ctrl-C, a closed terminal) makes the next write fail with
 * EPIPE or EIO, which Node raises as an unhandled 'error' event: the runner would die
 * mid-run, leaving Artillery without its parent and the run without its reports. Here the
 * first error closes that stream for good; the run goes on and ends as it would have,
 * with every file written and the verdict's exit code.
 */
import type { Output } from './render-run.ts';

export interface ClosableStream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly writable: boolean;
  isTTY?: boolean;
  columns?: number;
}

/** An Output over `stream` that drops what it cannot write, once the stream has failed. */
export function outputTo(stream: ClosableStream, options: { color: boolean; columns?: boolean }): Output & { closed(): boolean } {
  let closed = false;
  // Nobody is left to read the error: it ends the writing, not the run.
  stream.on('error', () => {
    closed = true;
  });
  return {
    write(text: string): void {
      if (closed || !stream.writable) return;
      stream.write(text);
    },
    isTTY: Boolean(stream.isTTY),
    color: options.color,
    ...(options.columns === true ? { columns: () => stream.columns } : {}),
    closed: () => closed || !stream.writable,
  };
}
