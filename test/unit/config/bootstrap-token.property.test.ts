/** Properties of token parsing and generation, over arbitrary strings (fast-check). */
import test from 'ava';
import fc from 'fast-check';
import { generateBootstrapToken, isValidBootstrapToken, parseBootstrapToken, tokenFromIdAndSecret } from '../../../src/config/bootstrap-token.js';

const ALNUM = [...'0123456789abcdefghijklmnopqrstuvwxyz'];
const part = (n: number) => fc.array(fc.constantFrom(...ALNUM), { minLength: n, maxLength: n }).map((a) => a.join(''));

test('every id and secret of the right alphabet and length round-trips through the token', (t) => {
  fc.assert(
    fc.property(part(6), part(16), (id, secret) => {
      const token = tokenFromIdAndSecret(id, secret);
      return isValidBootstrapToken(token) && parseBootstrapToken(token)?.id === id && parseBootstrapToken(token)?.secret === secret;
    }),
  );
  t.pass();
});

test('parsing accepts exactly the valid tokens, and never throws', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (s) => {
      const parsed = parseBootstrapToken(s);
      return (parsed !== undefined) === isValidBootstrapToken(s) && (parsed === undefined || tokenFromIdAndSecret(parsed.id, parsed.secret) === s);
    }),
  );
  t.pass();
});

test('a valid token with any character changed to one outside [a-z0-9.] is refused', (t) => {
  fc.assert(
    fc.property(part(6), part(16), fc.nat({ max: 22 }), fc.constantFrom('A', 'Z', '-', '_', ' ', '\n', 'é', '\u0000', '.'), (id, secret, at, ch) => {
      const token = tokenFromIdAndSecret(id, secret);
      if (ch === '.' && at === 6) return true; // the dot itself
      const changed = token.slice(0, at) + ch + token.slice(at + 1);
      return !isValidBootstrapToken(changed) && parseBootstrapToken(changed) === undefined;
    }),
  );
  t.pass();
});

test('generated tokens are always valid and differ', (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const token = generateBootstrapToken();
    t.true(isValidBootstrapToken(token), token);
    seen.add(token);
  }
  t.is(seen.size, 200);
});
