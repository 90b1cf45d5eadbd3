/**
 * A payload CSV read as Artillery 2.0.34 reads it (csv-parse 4.16.3 with Artillery's options):
 * a file Artillery cannot parse, or rows that lack a column a flow uses, are refused at the
 * CSV's own line (src/config/payload-rows.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkPayloadRows, type PayloadSection } from '../../src/config/payload-rows.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-payload-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(text: string, section: Omit<PayloadSection, 'path' | 'at'>, used: string[]): Promise<string[]> {
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, text);
  return (await checkPayloadRows({ ...section, path: file, at: 'config.payload' }, new Set(used))).map((e) => `${e.line}:${e.col} ${e.message}`);
}

describe('payload rows', () => {
  test('a quote that is never closed is placed where it opens, not at the end of the file', async () => {
    const found = await check('a,1\nb,2\n"c,3\nd,4\ne,5\n', { fields: ['name', 'n'] }, ['name']);
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /^3:1 a quote opens on this line and is never closed, so Artillery cannot read p\w+\.csv \(Quote Not Closed/);
  });

  test('a row with other columns than the first is placed at its line', async () => {
    const found = await check('a,1\nb,2\nc\n', { fields: ['name', 'n'] }, []);
    assert.match(found[0] ?? '', /^3:1 this row of p\w+\.csv has a different number of columns than the first row/);
  });

  test('rows with fewer columns than fields: refused only when a flow uses a missing one', async () => {
    assert.deepEqual(await check('alice\nbob\n', { fields: ['user', 'password'] }, ['user']), []);
    const found = await check('alice\nbob\n', { fields: ['user', 'password'] }, ['user', 'password']);
    assert.match(found[0] ?? '', /^1:1 this row of p\w+\.csv has 1 column, but config\.payload\.fields names 2 and the flows use password \(column 2\) \(Artillery would send the text "undefined"\)/);
  });

  test("with csv-parse options that allow ragged rows, the first short row is named", async () => {
    const found = await check('alice,pw\nbob,pw\ncarol\n', { fields: ['user', 'password'], options: { relax_column_count: true } }, ['password']);
    assert.match(found[0] ?? '', /^3:1 this row of p\w+\.csv has 1 column/);
  });

  test("Artillery's delimiter, skipHeader and empty-line rules are the ones applied", async () => {
    assert.deepEqual(await check('user;password\n\nalice;pw\n', { fields: ['user', 'password'], delimiter: ';', skipHeader: true }, ['password']), []);
    // With "," a ";" file is one column: the password column is missing.
    assert.match((await check('alice;pw\n', { fields: ['user', 'password'] }, ['password']))[0] ?? '', /has 1 column/);
    const empty = await check('user,password\n', { fields: ['user', 'password'], skipHeader: true }, ['user']);
    assert.match(empty[0] ?? '', /^2:1 p\w+\.csv has no rows after its header, but the flows use \{\{ user \}\} from it/);
  });

  test('a loadAll payload only has to parse', async () => {
    assert.deepEqual(await check('a\nb,c\n', { loadAll: true, name: 'rows', options: { relax_column_count: true } }, ['rows']), []);
  });
});
