import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBadTarget, hideUserinfo, splitCredentials } from '../../src/core/target-url.ts';
import { mask } from '../../src/run/artillery-process.ts';

test('a target with user:password is split into a bare URL, the Basic header Artillery would send, and what to mask', () => {
  const split = splitCredentials('http://load%20user:s3cr%40t@127.0.0.1:8000/app');
  assert.equal(split.url, 'http://127.0.0.1:8000/app');
  const token = Buffer.from('load user:s3cr@t').toString('base64');
  assert.equal(split.authorization, `Basic ${token}`);
  assert.deepEqual(split.secrets, ['load%20user:s3cr%40t', 's3cr%40t', 's3cr@t', token]);
  const shown = mask(`GET http://load%20user:s3cr%40t@127.0.0.1:8000/health; pw=s3cr@t; auth=Basic ${token}`, split.secrets);
  assert.equal(shown, 'GET http://***@127.0.0.1:8000/health; pw=***; auth=Basic ***');
});

test('a target without credentials is left as it is', () => {
  assert.deepEqual(splitCredentials('http://127.0.0.1:8000/'), { url: 'http://127.0.0.1:8000/', authorization: null, secrets: [] });
  assert.deepEqual(splitCredentials('not a url'), { url: 'not a url', authorization: null, secrets: [] });
});

test('mask hides a secret as written, JSON-escaped, \\u-escaped and URL- or form-encoded', () => {
  const secret = 'k"ey/wi th\\é+&';
  const forms = [secret, JSON.stringify(secret).slice(1, -1), JSON.stringify(secret).slice(1, -1).replace('é', '\\u00e9'), encodeURIComponent(secret), encodeURIComponent(secret).replace('%20', '+'), encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())];
  for (const form of forms) assert.equal(mask(`before ${form} after`, [secret]), 'before *** after', form);
  assert.equal(mask('nothing secret here', [secret, '']), 'nothing secret here');
});

test('a target that is no URL is named without its user:password', () => {
  assert.equal(describeBadTarget('http://me:pw@127.0.0.1:port', '--target'), '--target "http://***@127.0.0.1:port" is not a URL; write it like http://127.0.0.1:8000');
  assert.equal(describeBadTarget('ftp://me:pw@127.0.0.1', 'TARGET_URL'), 'TARGET_URL "ftp://***@127.0.0.1" must start with http:// or https://');
});

test('a target written without its scheme is named without its user:password, with what to write', () => {
  assert.equal(describeBadTarget('user:pa55word@127.0.0.1:8080', '--target'), '--target "***@127.0.0.1:8080" has no http:// or https:// in front; write it like http://***@127.0.0.1:8080');
  assert.equal(describeBadTarget('127.0.0.1:8080', 'TARGET_URL'), 'TARGET_URL "127.0.0.1:8080" has no http:// or https:// in front; write it like http://127.0.0.1:8080');
  assert.equal(describeBadTarget('notaurl', '--target'), '--target "notaurl" is not a URL; write it like http://127.0.0.1:8000');
  assert.equal(describeBadTarget('http://127.0.0.1:8000', '--target'), null);
  // A password holding an unencoded "@" is hidden whole.
  assert.equal(hideUserinfo('u:p@ss@127.0.0.1'), '***@127.0.0.1');
  assert.equal(hideUserinfo('https://u:p@ss@127.0.0.1/x'), 'https://***@127.0.0.1/x');
});
