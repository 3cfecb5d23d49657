/** The detached JWS over cluster-info: sign then verify round-trips; any other content, id or secret fails. */
import test from 'ava';
import fc from 'fast-check';
import { computeDetachedSignature, detachedSignatureIsValid } from '../../../src/token/jws.js';

const ALNUM = [...'0123456789abcdefghijklmnopqrstuvwxyz'];
const part = (n: number) => fc.array(fc.constantFrom(...ALNUM), { minLength: n, maxLength: n }).map((a) => a.join(''));

test('sign then verify round-trips for any content and token', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), part(6), part(16), (content, id, secret) => detachedSignatureIsValid(computeDetachedSignature(content, id, secret), content, id, secret)),
    { numRuns: 200 },
  );
  t.pass();
});

test('the signature does not verify other content, another token id or another secret', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), part(6), part(16), part(16), (content, other, id, secret, otherSecret) => {
      const sig = computeDetachedSignature(content, id, secret);
      const tamperedOk = other === content || !detachedSignatureIsValid(sig, other, id, secret);
      const secretOk = otherSecret === secret || !detachedSignatureIsValid(sig, content, id, otherSecret);
      return tamperedOk && secretOk;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('verifying arbitrary text as a signature never throws and never passes', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 100 }), (garbage, content) => detachedSignatureIsValid(garbage, content, 'abcdef', '0123456789abcdef') === false),
    { numRuns: 300 },
  );
  t.pass();
});
