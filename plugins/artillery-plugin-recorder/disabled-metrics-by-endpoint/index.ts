/**
 * Loaded by Artillery in place of its built-in metrics-by-endpoint plugin when the
 * script says `metrics-by-endpoint: { scope: ... }` (see src/core/metrics-by-endpoint-off.ts).
 * It does nothing: the recorder already measures per endpoint, more cheaply.
 */
export class Plugin {
  cleanup(done: () => void): void {
    done();
  }
}
