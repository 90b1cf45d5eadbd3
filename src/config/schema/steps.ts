/**
 * Flow steps. A step is a one-key section named after what it does (`get:`,
 * `think:`, `loop:` ...), so the explainer picks the branch by that key and
 * speaks about that step only, instead of ajv's "must match a schema in anyOf".
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DURATION_PATTERN } from '../../core/durations.ts';
import { Expectations } from './expect.ts';
import { AnyValue, FunctionNames, PositiveInteger, Section, StringMap, TEMPLATE_PATTERN, WEIGHT_HINT } from './common.ts';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;
export const STEP_NAMES = [...HTTP_METHODS, 'think', 'loop', 'parallel', 'pick', 'log', 'function'] as const;
export type StepName = (typeof STEP_NAMES)[number];

const Capture = Section(
  {
    as: Type.String({ minLength: 1, description: 'Variable that receives the captured value. Required.' }),
    json: Type.Optional(Type.String({ description: 'JSONPath into the response body, e.g. "$.id".' })),
    header: Type.Optional(Type.String({ description: 'Response header to capture.' })),
    regexp: Type.Optional(Type.String({ description: 'Regular expression run on the response body.' })),
    group: Type.Optional(Type.Union([Type.String(), Type.Integer({ minimum: 0 })], { description: 'Capturing group of `regexp` to keep. Default: the whole match.' })),
    flags: Type.Optional(Type.String({ description: 'Flags of `regexp`, e.g. "i". Default: none.' })),
    xpath: Type.Optional(Type.String({ description: 'XPath into an XML body.' })),
    selector: Type.Optional(Type.String({ description: 'CSS selector into an HTML body.' })),
    attr: Type.Optional(Type.String({ description: 'Attribute of the element found by `selector`.' })),
    index: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String()], { description: 'Which element `selector` picks: a number, "last" or "random". Default: the first.' })),
    strict: Type.Optional(Type.Boolean({ description: 'Stop the virtual user when nothing is captured. Default: true.' })),
    transform: Type.Optional(Type.String({ description: 'Expression applied to the captured value. Default: none.' })),
  },
  'Saves part of the response in a variable.',
);

const Hooks = {
  beforeRequest: Type.Optional(FunctionNames('Processor function(s) run before this request. Default: none.')),
  afterResponse: Type.Optional(FunctionNames('Processor function(s) run after the response. Default: none.')),
};

export const Request = Section(
  {
    url: Type.String({ minLength: 1, description: 'Path relative to `config.target` (e.g. "/api/items") or a full URL; may use {{ variables }}. Required.', 'x-expect': 'a path such as "/api/items" or a full URL' }),
    name: Type.Optional(Type.String({ description: 'Name for this request in reports when the URL varies. Default: the URL path.' })),
    headers: Type.Optional(StringMap('Request headers. Default: none.')),
    cookie: Type.Optional(StringMap('Cookies for this request. Default: none.')),
    qs: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Query string parameters. Default: none.', 'x-expect': 'a section of name: value lines' })),
    json: Type.Optional(AnyValue('Body sent as JSON. Default: none.')),
    body: Type.Optional(AnyValue('Body sent as is. Default: none.')),
    form: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Body sent as a URL-encoded form. Default: none.', 'x-expect': 'a section of name: value lines' })),
    formData: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Body sent as multipart/form-data. Default: none.', 'x-expect': 'a section of name: value lines' })),
    auth: Type.Optional(Section({ user: Type.String({ description: 'User name. Required.' }), pass: Type.String({ description: 'Password. Required.' }) }, 'HTTP basic authentication.')),
    capture: Type.Optional(Type.Union([Capture, Type.Array(Capture)], { description: 'Values to save from the response. Default: none.' })),
    expect: Type.Optional(Expectations),
    ifTrue: Type.Optional(Type.String({ minLength: 1, description: 'Send the request only when this expression is true, e.g. "userId". Default: always.' })),
    followRedirect: Type.Optional(Type.Boolean({ description: 'Follow redirects. Default: true.' })),
    gzip: Type.Optional(Type.Boolean({ description: 'Ask for and decompress gzip responses. Default: true.' })),
    timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Not supported: Artillery 2.0.34 gives every request `config.http.timeout`, so a file that sets a request\'s own is refused; set `config.http.timeout`.' })),
    setContentLengthHeader: Type.Optional(Type.Boolean({ description: 'Send Content-Length with multipart uploads. Default: false.' })),
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Percent chance that this request is sent each time the step runs (Artillery skips it otherwise). Default: 100.', 'x-expect': 'a percentage from 0 to 100, written as a number such as 10' })),
    match: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Record(Type.String(), Type.Unknown()))], { description: 'Older form of a response check (e.g. { json: "$.id", value: "{{ id }}" }): a mismatch is an Artillery error. Prefer `expect:`. Default: none.', 'x-expect': 'a section such as { json: "$.id", value: "{{ id }}" }, or a list of them' })),
    ...Hooks,
  },
  'An HTTP request.',
  { $id: 'Request', 'x-expect': 'a request section with "url:", e.g. { url: /api/items }' },
);

/** Every request step refers to the one definition, which keeps the editor schema small. */
const RequestRef = Type.Unsafe<Static<typeof Request>>(Type.Ref('Request'));

const THINK_PATTERN = `(?:${DURATION_PATTERN})|(?:${TEMPLATE_PATTERN})`;

function Keyed<K extends string, T extends TSchema>(key: K, value: T, description: string) {
  return Type.Object({ [key]: value } as { [P in K]: T }, { additionalProperties: false, description });
}

function requestStep<K extends (typeof HTTP_METHODS)[number]>(method: K) {
  return Keyed(method, RequestRef, `Sends an HTTP ${method.toUpperCase()} request.`);
}

/** One request step per method, each typed with its own key (`map` alone would type every step with all six keys). */
type RequestSteps<M extends readonly (typeof HTTP_METHODS)[number][]> = { [I in keyof M]: ReturnType<typeof requestStep<M[I]>> };
const requestSteps = <const M extends readonly (typeof HTTP_METHODS)[number][]>(methods: M): RequestSteps<M> => methods.map(requestStep) as RequestSteps<M>;

export const Step = Type.Recursive(
  (Self) => {
    const Flow = Type.Array(Self, { minItems: 1, description: 'Steps, run in order.' });
    return Type.Union(
      [
        ...requestSteps(HTTP_METHODS),
        Section(
          {
            think: Type.Unsafe<number | string>({
              // Artillery reads a fractional number as milliseconds (1.5 -> "2ms"), so numbers are whole seconds.
              type: ['integer', 'string'],
              exclusiveMinimum: 0,
              pattern: THINK_PATTERN,
              'x-duration': 'positive',
              'x-expect': 'whole seconds (e.g. 5), a duration like "1.5s" or "500ms", or a {{ variable }}',
              'x-fraction-hint': 'Artillery would wait milliseconds for a fraction here, so write it with a unit, e.g. "1.5s"',
              description: 'Pause of this virtual user: whole seconds, a duration like "1.5s"/"500ms", or "{{ variable }}". Required.',
            }),
            jitter: Type.Optional(Type.Unsafe<number | string>({ type: ['number', 'string'], minimum: 0, pattern: '^\\d+(\\.\\d+)?%$', description: 'Random variation: seconds, or a percentage like "20%". Default: none.', 'x-expect': 'seconds or a percentage like "20%"' })),
          },
          'Waits before the next step.',
        ),
        Section(
          {
            loop: Flow,
            count: Type.Optional(Type.Unsafe<number | string>({ type: ['integer', 'string'], minimum: 1, pattern: `(?:${TEMPLATE_PATTERN})|(?:^\\s*\\d+\\s*(?:-\\s*\\d+\\s*)?$)`, description: 'Times to run the steps: a whole number (also as text, "5") or "{{ variable }}". Default: forever, unless `over` or `whileTrue` is set. A range "2-5" numbers the rounds: $loopCount from 2 up to 5, so 3 times; it is refused unless the steps use {{ $loopCount }}.', 'x-expect': 'a whole number of 1 or more, a range of round numbers like "2-5", or a {{ variable }}' })),
            over: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.Unknown())], { description: 'Run the steps once per item of this list (or of the list variable named here); the item is {{ $loopElement }}. Default: none.', 'x-expect': 'a list, or the name of a variable holding a list' })),
            whileTrue: Type.Optional(Type.String({ minLength: 1, description: 'Processor function deciding before each round whether to go on. Default: none.' })),
            loopValue: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z_$][\\w$]*$', description: 'Variable that holds the round number (from 0). Default: "$loopCount".', 'x-expect': 'a variable name, e.g. "round"' })),
          },
          'Repeats steps.',
        ),
        Keyed('parallel', Type.Array(Self, { minItems: 1, description: 'Steps, all started at once.' }), 'Sends its requests at the same time and waits for all of them.'),
        Section(
          {
            pick: Type.Array(
              Section(
                {
                  weight: PositiveInteger('How often this branch is chosen relative to the others (whole number > 0). Required.', WEIGHT_HINT),
                  name: Type.Optional(Type.String({ description: 'Name of the branch in logs. Default: none.' })),
                  flow: Flow,
                },
                'One weighted branch.',
              ),
              { minItems: 1, description: 'Branches; each time the step runs, one is chosen at random by weight.' },
            ),
          },
          'Runs one of several branches, chosen by weight (like Locust task weights).',
        ),
        Keyed('log', Type.String({ description: 'Text printed to the console; may use {{ variables }}.' }), 'Prints a line.'),
        Keyed('function', Type.String({ minLength: 1, description: 'Name of a function exported by `config.processor`.' }), 'Runs a processor function.'),
      ],
      { 'x-step-union': true, description: 'A flow step: get, post, put, patch, delete, head, think, loop, parallel, pick, log or function.' },
    );
  },
  { $id: 'Step' },
);

/** Where scenarios and loops refer to a step: `#/definitions/Step` in the JSON Schema. */
export const StepRef = Type.Unsafe<Static<typeof Step>>(Type.Ref('Step'));

export const Flow = Type.Array(StepRef, { minItems: 1, description: 'Steps, run in order.' });

export type FlowStep = Static<typeof Step>;
export type RequestSpec = Static<typeof Request>;
