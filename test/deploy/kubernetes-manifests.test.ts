/**
 * deploy/kubernetes/ against the Kubernetes API schema, offline: kubernetes-models (the API's
 * OpenAPI definitions as validators and TypeScript types, from the npm registry) checks types,
 * enums and required fields; the TypeScript compiler, given each manifest as a typed object
 * literal, refuses any key the API does not have (a misspelt `backofLimit` would otherwise be
 * dropped by the API server without a word). Then what loadspec relies on is checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(ROOT, 'deploy/kubernetes');

type Manifest = { kind: string; file: string; object: Record<string, unknown> };

function manifests(): Manifest[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
        assert.equal(doc.errors.length, 0, `${file}: ${doc.errors.join('; ')}`);
        const object = doc.toJS() as Record<string, unknown>;
        return { kind: String(object['kind']), file, object };
      }),
    );
}

const MODELS: Record<string, { module: string; type: string; validate: (o: Record<string, unknown>) => void }> = {
  Job: { module: 'kubernetes-models/batch/v1/Job', type: 'IJob', validate: (o) => new Job(o as unknown as IJob).validate() },
  ConfigMap: { module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap', validate: (o) => new ConfigMap(o as unknown as IConfigMap).validate() },
  PersistentVolumeClaim: {
    module: 'kubernetes-models/v1/PersistentVolumeClaim',
    type: 'IPersistentVolumeClaim',
    validate: (o) => new PersistentVolumeClaim(o as never).validate(),
  },
};

/** TypeScript's excess-property errors for the manifests written as typed literals. */
function unknownKeys(list: readonly Manifest[]): string[] {
  const file = path.join(ROOT, 'test/deploy/__manifests__.ts');
  const source = list
    .map((m, i) => {
      const model = MODELS[m.kind];
      if (model === undefined) return '';
      return `import type { ${model.type} as T${i} } from '${model.module}';\nexport const m${i}: T${i} = ${JSON.stringify(m.object)};\n`;
    })
    .join('');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const readDefault = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (path.resolve(name) === file ? ts.createSourceFile(name, source, version) : readDefault(name, version, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const index = where === null ? -1 : Number(/^export const m(\d+)/m.exec(source.split('\n').slice(0, where.line + 1).reverse().find((l) => l.startsWith('export const m')) ?? '')?.[1] ?? -1);
    return `${list[index]?.file ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

test('every manifest is valid against the Kubernetes API schema, with no unknown key', () => {
  const list = manifests();
  assert.deepEqual(list.map((m) => m.kind).sort(), ['ConfigMap', 'Job', 'Job', 'PersistentVolumeClaim']);
  for (const m of list) {
    const model = MODELS[m.kind];
    assert.ok(model, `${m.file}: ${m.kind} is checked`);
    assert.doesNotThrow(() => model.validate(m.object), `${m.file}`);
  }
  assert.deepEqual(unknownKeys(list), []);
});

test('the check sees a misspelt key and a wrong value', () => {
  const job = manifests().find((m) => m.file === 'loadspec-shards.yaml') as Manifest;
  const spec = job.object['spec'] as Record<string, unknown>;
  const misspelt = { ...job, object: { ...job.object, spec: { ...spec, backofLimit: 0 } } };
  assert.match(unknownKeys([misspelt]).join('\n'), /backofLimit/);
  assert.throws(() => MODELS['Job']?.validate({ ...job.object, spec: { ...spec, completionMode: 'Indexd' } }), /completionMode/);
});

test('the shards Job is what loadspec relies on: one pod per shard, never re-run, key from a Secret', () => {
  const list = manifests();
  const job = list.find((m) => m.file === 'loadspec-shards.yaml')?.object as unknown as IJob;
  const config = list.find((m) => m.kind === 'ConfigMap')?.object as unknown as IConfigMap;
  const spec = job.spec;
  assert.ok(spec);
  assert.equal(spec.completionMode, 'Indexed');
  assert.equal(spec.backoffLimit, 0);
  assert.equal(String(spec.completions), config.data?.['SHARDS'], 'ConfigMap SHARDS = completions');
  assert.equal(spec.parallelism, spec.completions, 'every shard runs at the same time');
  const pod = spec.template.spec;
  assert.equal(pod?.restartPolicy, 'Never');
  const container = pod?.containers[0];
  assert.equal(container?.env?.find((e) => e.name === 'LOADSPEC_API_KEY')?.valueFrom?.secretKeyRef?.name, 'loadspec-api-key');
  assert.ok(!JSON.stringify(list.map((m) => m.object)).match(/LOADSPEC_API_KEY"\s*,\s*"value"/), 'no key written in a manifest');
  for (const m of list.filter((x) => x.kind === 'Job')) {
    const command = (m.object as unknown as IJob).spec?.template.spec?.containers[0]?.command?.[0] ?? '';
    const local = path.join(ROOT, command.replace(/^\/app\//, ''));
    assert.doesNotThrow(() => accessSync(local, constants.X_OK), `${m.file}: ${command} is an executable script of this repository`);
  }
});

test('the Dockerfile brings the pinned Node and pnpm and the scripts the Jobs run', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const setup = readFileSync(path.join(ROOT, 'scripts/setup.sh'), 'utf8');
  const node = /^NODE_VERSION=(\S+)/m.exec(setup)?.[1];
  const pnpm = /^PNPM_VERSION=(\S+)/m.exec(setup)?.[1];
  assert.ok(node && pnpm);
  assert.match(dockerfile, new RegExp(`^FROM node:${node.replaceAll('.', '\\.')}-`, 'm'));
  assert.match(dockerfile, new RegExp(`pnpm@${pnpm.replaceAll('.', '\\.')}\\b`));
  assert.match(dockerfile, /--frozen-lockfile/);
  assert.match(dockerfile, /COPY deploy\/kubernetes\/\*\.sh/);
});
