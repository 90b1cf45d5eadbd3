/**
 * Names of fields, headers and parameters whose values `loadspec init` never writes into a
 * file (passwords, keys, tokens), and the environment variable each is read from instead.
 */

const PASSWORD = /pass(word)?$|^pwd$/i;
const USER = /^(user(name)?|login|email|e-?mail)$/i;
const SECRET = /secret|api[-_]?key|apikey|token|^authorization$|^x-auth|csrf|xsrf|^session/i;

/** `{{ $env.NAME }}`: how a file reads a value from the environment. */
export const env = (name: string): string => `{{ $env.${name} }}`;

/** `LOADSPEC_<NAME>` from a field or header name, e.g. "X-Api-Key" → LOADSPEC_X_API_KEY. */
export const envNameOf = (name: string): string => `LOADSPEC_${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase()}`;

export const isPasswordField = (name: string, format?: unknown): boolean => PASSWORD.test(name) || format === 'password';

/**
 * The environment variable that stands for a field's value, or undefined when the value may be
 * written. `withUser`: a user name is read from the environment too (a login's).
 */
export function secretVariable(name: string, options: { format?: unknown; withUser?: boolean } = {}): string | undefined {
  if (isPasswordField(name, options.format)) return 'LOADSPEC_PASSWORD';
  if (options.withUser === true && USER.test(name)) return 'LOADSPEC_USERNAME';
  if (SECRET.test(name)) return envNameOf(name);
  return undefined;
}
