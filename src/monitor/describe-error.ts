/** The shortest useful words for a failed read or request: `ECONNREFUSED`, `ENOENT`, `timeout`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return code;
  // fetch wraps the socket error: "fetch failed" says nothing, its cause does.
  if (error.cause instanceof Error) return describeError(error.cause);
  return error.message;
}
