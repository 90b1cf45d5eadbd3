/** Locations inside a scenario file as people read them: `config.phases[1].arrivalRate`. */

export type PathSegment = string | number;
export type ValuePath = readonly PathSegment[];

/** `["config", "phases", 1, "arrivalRate"]` -> `config.phases[1].arrivalRate`. */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Splits an ajv instancePath (JSON Pointer) into segments; array indexes become numbers. */
export function fromPointer(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return segments;
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: ValuePath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}
