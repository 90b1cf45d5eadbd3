/**
 * What `loadspec init` knows about an API before it writes a file, whichever way it learnt
 * it (`--endpoint` flags, an OpenAPI spec): requests, the value lists their `{name}`s draw
 * from, how a user logs in and how the API wants its key. src/init/render-scenario.ts
 * turns it into the commented YAML.
 */
import type { HTTP_METHODS } from '../config/schema/steps.ts';

export type Method = (typeof HTTP_METHODS)[number];

/** A list under config.variables that a `{name}` of an endpoint draws from. */
export interface ValueList {
  name: string;
  values: unknown[];
  /** Where the values came from, or what to write instead (one line). */
  comment: string;
}

export interface Capture {
  as: string;
  json?: string;
  header?: string;
}

/** One request of the flow; `{{ name }}` templates are already in place. */
export interface RequestModel {
  method: Method;
  /** The path as the file sends it, e.g. "/products/{{ id }}". */
  url: string;
  /** The endpoint as the API documents it, e.g. "GET /products/{id}" (a comment). */
  endpoint: string;
  qs?: Record<string, unknown>;
  headers?: Record<string, string>;
  cookie?: Record<string, string>;
  json?: unknown;
  form?: Record<string, unknown>;
  /** A body sent as is (neither JSON nor a form). */
  body?: string;
  /** Said where no body is known for a method that usually sends one. */
  bodyHint?: string;
  /** Value lists drawn afresh before this request. */
  draws: string[];
  expectStatus: number[];
  /** Values this response gives later requests, each kept as `{{ as }}`. */
  captures?: Capture[];
  /** A pause before this request (a recording's gap), e.g. "1.5s". */
  thinkBefore?: string;
  /** How often it is picked relative to the others (a weighted flow). */
  weight?: number;
  comment?: string;
}

/** How each user logs in once before its session. */
export interface LoginModel {
  request: RequestModel;
  /** Environment variables the login reads (named in a comment). */
  env: string[];
}

export interface ScenarioModel {
  target: string;
  /** Where the file came from, for the header comment. */
  source: string;
  /** The path checked before the run, and where it came from. */
  health?: { path: string; comment: string };
  variables: ValueList[];
  /** Sends $env as this header with every request (the api-key plugin). */
  apiKey?: { header: string; env: string };
  login?: LoginModel;
  requests: RequestModel[];
  /**
   * One weighted pick per round (an API's operations), every request in order 3 times, or a
   * recording replayed once as it happened.
   */
  flow: 'pick' | 'sequence' | 'replay';
  /** The hard cap, e.g. "1m" (default) or longer for a long recording. */
  duration?: string;
  /** Said above the flow, e.g. what a recording dropped. */
  notes?: string[];
  /** Lines said at the end of the file: operations left out, and why. */
  leftOut: string[];
  /** Environment variables the file reads, for the header comment. */
  env: { name: string; what: string }[];
}
