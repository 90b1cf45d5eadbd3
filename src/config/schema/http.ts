/** `config.http`, `config.tls` and `config.defaults`: how requests are sent. */
import { Type } from '@sinclair/typebox';
import { PositiveInteger, Seconds, Section, StringMap } from './common.ts';

export const HttpDefaults = Section(
  {
    headers: Type.Optional(StringMap('Headers sent with every request. Default: none.')),
    cookie: Type.Optional(StringMap('Cookies sent with every request. Default: none.')),
    strictCapture: Type.Optional(Type.Boolean({ description: 'Stop a virtual user when a capture fails. Default: true.' })),
    think: Type.Optional(Type.Union([
      Section(
        { jitter: Type.Optional(Type.Unsafe<number | string>({ type: ['number', 'string'], minimum: 0, pattern: '^\\d+(\\.\\d+)?%$', description: 'Random variation of every think time: seconds, or a percentage like "20%". Default: none.', 'x-expect': 'seconds or a percentage like "20%"' })) },
        'Options for every `think` step.',
      ),
      Type.Number({ minimum: 0, description: 'A bare number, as Artillery 1 scripts have it: accepted and ignored by Artillery 2.' }),
    ], { description: 'Options for every `think` step: { jitter }.', 'x-expect': 'a section such as { jitter: "20%" }' })),
  },
  'Settings applied to every request. Default: none.',
);

export const HttpConfig = Section(
  {
    timeout: Type.Optional(Seconds('Seconds to wait for a response before the request fails: with ETIMEDOUT below 8, with ERR_SOCKET_TIMEOUT from 8 on (the connection idle limit of Artillery, never under 8 s). Default: none, so a request fails after 8 s with ERR_SOCKET_TIMEOUT.')),
    maxSockets: Type.Optional(PositiveInteger('Most TCP connections one virtual user opens at once. Default: unlimited.')),
    pool: Type.Optional(PositiveInteger('Share one pool of this many connections among all virtual users instead of one per user. Default: off.')),
    extendedMetrics: Type.Optional(Type.Boolean({ description: 'Also record DNS, TCP, TLS and download timings. Default: false.' })),
    cookieJarOptions: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Options for the per-user cookie jar (tough-cookie). Default: none.' })),
    distributedTracing: Type.Optional(Type.Boolean({ description: 'Send a W3C traceparent header with every request. Default: false.' })),
    defaults: Type.Optional(HttpDefaults),
  },
  'HTTP engine settings.',
);

export const TlsConfig = Section(
  { rejectUnauthorized: Type.Optional(Type.Boolean({ description: 'Set to false to accept self-signed certificates. Default: true.' })) },
  'TLS settings.',
);
