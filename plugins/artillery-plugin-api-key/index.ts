/**
 * artillery-plugin-api-key: sends an API key header (default `X-API-Key`) with every
 * request, taking the value from an environment variable (default LOADSPEC_API_KEY).
 * The value is never written or printed by loadspec.
 *
 *   config:
 *     plugins:
 *       api-key: { header: "X-API-Key", env: "LOADSPEC_API_KEY" }
 */
import type { ArtilleryScript } from '../shared/artillery.ts';
import { artilleryGlobal } from '../shared/artillery.ts';
import { pluginSection, stringSetting } from '../shared/plugin-config.ts';
import { API_KEY_DEFAULTS } from '../../src/core/defaults.ts';
import { recordPluginLoaded } from '../shared/run-files.ts';
import { isWorker } from '../shared/side.ts';
import { addDefaultHeader, isValidHeaderName } from './default-headers.ts';

export const PLUGIN_NAME = 'api-key';

/** Exit codes from loadspec's table: 2 invalid config, 3 required env missing. */
const EXIT_INVALID_CONFIG = 2;
const EXIT_ENV_MISSING = 3;

export class Plugin {
  constructor(script: ArtilleryScript) {
    const section = pluginSection(script, PLUGIN_NAME);
    const header = stringSetting(section, 'header', API_KEY_DEFAULTS.header);
    const envName = stringSetting(section, 'env', API_KEY_DEFAULTS.env);
    const value = process.env[envName];
    const problem = !isValidHeaderName(header)
      ? { code: EXIT_INVALID_CONFIG, text: `api-key: "${header}" is not a valid HTTP header name; requests are sent without an API key.` }
      : value === undefined || value.length === 0
        ? { code: EXIT_ENV_MISSING, text: `api-key: environment variable ${envName} is ${value === undefined ? 'not set' : 'empty'}, so requests are sent without the ${header} header; set it before running.` }
        : null;

    if (!isWorker()) {
      recordPluginLoaded(PLUGIN_NAME);
      // Artillery's own debug output prints request headers; loadspec's runner removes DEBUG, a plain run may not.
      if (/http|\*/.test(process.env['DEBUG'] ?? '')) {
        console.error(`api-key: DEBUG=${process.env['DEBUG'] ?? ''} makes Artillery print request headers, including the ${header} value; unset DEBUG to keep the key out of the output.`);
      }
      if (problem !== null) {
        console.error(problem.text);
        const artillery = artilleryGlobal();
        if (artillery !== undefined) artillery.suggestedExitCode = problem.code;
      }
      return;
    }
    if (problem === null && value !== undefined) addDefaultHeader(script.config, header, value);
  }

  cleanup(done: () => void): void {
    done();
  }
}
