/**
 * Loaded into Artillery's process (`node --import`): a terminal that closes sends SIGHUP to every
 * process of its foreground job, and Artillery would die of it mid-run, losing the run's end. The
 * run goes on instead, as it would have; its output already goes to artillery.log through the
 * runner, and the runner stops it on Ctrl-C, SIGTERM, its cap or an abort.
 */
process.on('SIGHUP', () => {});
