import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** loadspec's own version, from package.json. */
export const LOADSPEC_VERSION: string = (require('../package.json') as { version: string }).version;
