#!/usr/bin/env node
// The demo target's CLI: the only file here that prints or exits.
import { parseArguments } from './args.ts';
import { startDemoTarget } from './server.ts';

const parsed = parseArguments(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(`${parsed.text}\n`);
  process.exit(0);
}
if (parsed.kind === 'error') {
  process.stderr.write(`demo target: ${parsed.message}\n`);
  process.exit(2);
}

const { options } = parsed;
let target;
try {
  target = await startDemoTarget(options);
} catch (error) {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const reason = code === 'EADDRINUSE'
    ? `port ${options.port} on ${options.host} is already in use; pick another with --port`
    : `could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`demo target: ${reason}\n`);
  process.exit(1);
}

process.stdout.write(`demo target listening on ${target.url}\n`);
const running = target;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void running.stop());
}
const how = await running.closed;
if (how === 'crashed') {
  const count = options.crashAfter ?? 0;
  process.stderr.write(`demo target: crashed on purpose after ${count} ${count === 1 ? 'request' : 'requests'} (--crash-after)\n`);
  process.exitCode = 1;
}
