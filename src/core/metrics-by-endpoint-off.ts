/**
 * Switching off Artillery's metrics-by-endpoint plugin.
 *
 * Artillery adds it to every script (`addDefaultPlugins` in dist/lib/util.js) unless
 * `config.plugins['metrics-by-endpoint']` is already truthy, and it has no `enabled`
 * switch, so neither leaving it out nor `false` turns it off. What does: a `scope`
 * changes the package name Artillery looks up (`<scope><name>`), and with
 * ARTILLERY_PLUGIN_PATH pointing at plugins/ that name resolves to the no-op stand-in
 * in plugins/artillery-plugin-recorder/disabled-metrics-by-endpoint/. The recorder's per-endpoint data replaces what
 * metrics-by-endpoint measured (and costs less: no afterResponse hook, so Artillery
 * does not buffer response bodies).
 */
/** The scope that makes Artillery load the stand-in inside the recorder's package `recorderPackage`. */
export const standInScope = (recorderPackage: string): string => `${recorderPackage}/disabled-`;

export const METRICS_BY_ENDPOINT_OFF: Readonly<{ scope: string }> = Object.freeze({
  scope: standInScope('artillery-plugin-recorder'),
});

/** Sets `plugins['metrics-by-endpoint']` so that Artillery loads the no-op stand-in. */
export function disableMetricsByEndpoint(plugins: Record<string, unknown>): void {
  plugins['metrics-by-endpoint'] = { ...METRICS_BY_ENDPOINT_OFF };
}
