/**
 * README's fenced blocks, by the heading they sit under: the recipe tests run them as written
 * (test/e2e/recipes.test.ts) and lint the workflow (test/docs/recipes.test.ts).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { README_FILE } from '../../scripts/generate-docs.ts';

export interface Block {
  lang: string;
  text: string;
}

/** The fenced blocks of README, by the `###` heading they sit under ("" before the first). */
export async function readmeBlocks(): Promise<Map<string, Block[]>> {
  const readme = await readFile(README_FILE, 'utf8');
  const blocks = new Map<string, Block[]>();
  let heading = '';
  let open: Block | null = null;
  for (const line of readme.split('\n')) {
    if (open !== null) {
      if (line.startsWith('```')) {
        blocks.set(heading, [...(blocks.get(heading) ?? []), open]);
        open = null;
      } else {
        open.text += `${line}\n`;
      }
    } else if (line.startsWith('```')) {
      open = { lang: line.slice(3).trim(), text: '' };
    } else if (/^#{1,3} /.test(line)) {
      heading = line.replace(/^#+ /, '');
    }
  }
  return blocks;
}

/** The one block of `lang` under `heading` (asserts there is exactly one). */
export function only(blocks: Map<string, Block[]>, heading: string, lang: string): string {
  const found = (blocks.get(heading) ?? []).filter((b) => b.lang === lang);
  assert.equal(found.length, 1, `one ${lang} block under "${heading}"`);
  return found[0]?.text ?? '';
}
