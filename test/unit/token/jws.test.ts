import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PROJECT_ROOT } from '../../../src/config/paths.js';
import { computeDetachedSignature, detachedSignatureIsValid } from '../../../src/token/jws.js';

interface Vector {
  content: string;
  tokenID: string;
  tokenSecret: string;
  expected: string;
}
interface Invalid {
  detached: string;
  content: string;
  tokenID: string;
  tokenSecret: string;
}
const vectors = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/token/jws-vectors.json'), 'utf8')) as {
  valid: Vector[];
  invalid: Invalid[];
};

const signs = test.macro({
  exec(t, v: Vector) {
    t.is(computeDetachedSignature(v.content, v.tokenID, v.tokenSecret), v.expected);
    t.true(detachedSignatureIsValid(v.expected, v.content, v.tokenID, v.tokenSecret));
  },
  title: (_given, v: Vector) => `upstream vector: id=${v.tokenID} content=${JSON.stringify(v.content.slice(0, 12))} secret=${v.tokenSecret ? 'set' : 'empty'}`,
});
for (const v of vectors.valid) test(signs, v);

test('every upstream vector was loaded', (t) => {
  t.is(vectors.valid.length, 4);
  t.true(vectors.invalid.length >= 1);
});

for (const [i, v] of vectors.invalid.entries()) {
  test(`upstream invalid signature #${i + 1} is rejected`, (t) => {
    t.false(detachedSignatureIsValid(v.detached, v.content, v.tokenID, v.tokenSecret));
  });
}

test('header is exactly {"alg":"HS256","kid":<id>} and the payload segment is empty', (t) => {
  const sig = computeDetachedSignature('x', 'abcdef', '0123456789abcdef');
  const [header, payload, mac] = sig.split('.');
  t.is(Buffer.from(header!, 'base64url').toString(), '{"alg":"HS256","kid":"abcdef"}');
  t.is(payload, '');
  t.is(Buffer.from(mac!, 'base64url').length, 32);
});

test('a signature is bound to content, id and secret', (t) => {
  const sig = computeDetachedSignature('kubeconfig', 'abcdef', '0123456789abcdef');
  t.false(detachedSignatureIsValid(sig, 'kubeconfig ', 'abcdef', '0123456789abcdef'));
  t.false(detachedSignatureIsValid(sig, 'kubeconfig', 'abcdeg', '0123456789abcdef'));
  t.false(detachedSignatureIsValid(sig, 'kubeconfig', 'abcdef', '0123456789abcdeg'));
  t.false(detachedSignatureIsValid('', 'kubeconfig', 'abcdef', '0123456789abcdef'));
});
