/**
 * Our own rules for GitHub Actions workflows, on top of what actionlint checks:
 * actions pinned to a commit with the version in a comment, a read-only token, and
 * no secrets or untrusted input expanded inside shell scripts (GitHub splices `${{ }}`
 * into the script text before the shell runs, so a secret lands in the script file
 * and an input can become code). Each rule returns sentences, empty when it holds.
 */
import { parseDocument } from 'yaml';

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `uses: owner/repo[/path]@<40 hex> # vX[.Y.Z]`; local (`./`) and `docker://` actions have no ref to pin. */
export function unpinnedActions(text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(#.*)?$/.exec(line);
    if (match === null) return;
    const [, , ref = '', comment = ''] = match;
    if (ref.startsWith('./') || ref.startsWith('docker://')) return;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref)) {
      problems.push(`line ${index + 1}: ${ref} is not pinned to a full 40-character commit SHA`);
    } else if (!/^#\s*v\d+(\.\d+)*\b/.test(comment)) {
      problems.push(`line ${index + 1}: ${ref} has no "# vX.Y.Z" comment saying which release the SHA is`);
    }
  });
  return problems;
}

export function parseWorkflow(text: string): Mapping {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  const data: unknown = doc.toJS();
  if (!isMapping(data)) throw new Error('a workflow is a mapping at the top level');
  return data;
}

function jobsOf(workflow: Mapping): Array<[string, Mapping]> {
  const jobs = workflow['jobs'];
  return isMapping(jobs) ? Object.entries(jobs).flatMap(([name, job]) => (isMapping(job) ? [[name, job] as [string, Mapping]] : [])) : [];
}

/** The workflow's token may only read the repository; jobs may narrow it, never widen it. */
export function tokenProblems(workflow: Mapping): string[] {
  const problems: string[] = [];
  const top = workflow['permissions'];
  if (!isMapping(top) || Object.keys(top).length !== 1 || top['contents'] !== 'read') {
    problems.push(`top-level permissions must be exactly "contents: read" (got ${JSON.stringify(top ?? null)})`);
  }
  for (const [name, job] of jobsOf(workflow)) {
    const own = job['permissions'];
    if (own === undefined) continue;
    const grants = isMapping(own) ? Object.entries(own).filter(([, level]) => level === 'write').map(([scope]) => scope) : [String(own)];
    if (grants.length > 0) problems.push(`job ${name} widens the token (${grants.join(', ')})`);
  }
  return problems;
}

/** Contexts that must reach a script only through `env:`. */
const SPLICED = /\$\{\{[^}]*\b(secrets\.|inputs\.|github\.event\.|github\.head_ref)/;

export function scriptProblems(workflow: Mapping): string[] {
  const problems: string[] = [];
  for (const [name, job] of jobsOf(workflow)) {
    const steps = Array.isArray(job['steps']) ? job['steps'] : [];
    steps.forEach((step: unknown, index) => {
      if (!isMapping(step) || typeof step['run'] !== 'string') return;
      const hit = SPLICED.exec(step['run']);
      if (hit) {
        const label = typeof step['name'] === 'string' ? step['name'] : `step ${index + 1}`;
        problems.push(`job ${name}, ${label}: \${{ ${hit[1]}... }} is spliced into the script; pass it through env: instead`);
      }
    });
  }
  return problems;
}
