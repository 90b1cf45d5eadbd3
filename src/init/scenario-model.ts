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

/** One request of the flow; `{{ name }}` templates are already in place. */
export interface RequestModel {
  method: Method;
  /** The path as the file sends it, e.g. "/products/{{ id }}". */
  url: string;
  /** The endpoint as the API documents it, e.g. "GET /products/{id}" (a comment). */
  endpoint: string;
  qs?: Record<string, unknown>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, unknown>;
  /** Said where no body is known for a method that usually sends one. */
  bodyHint?: string;
  /** Value lists drawn afresh before this request. */
  draws: string[];
  expectStatus: number[];
  capture?: { json: string; as: string };
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
  /** One weighted pick per round (an API's operations) or every request in order. */
  flow: 'pick' | 'sequence';
  /** Lines said at the end of the file: operations left out, and why. */
  leftOut: string[];
  /** Environment variables the file reads, for the header comment. */
  env: { name: string; what: string }[];
}
