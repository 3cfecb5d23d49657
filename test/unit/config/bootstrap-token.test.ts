import test from 'ava';
import {
  BOOTSTRAP_TOKEN_PATTERN,
  bootstrapTokenSecretName,
  generateBootstrapToken,
  isValidBootstrapToken,
  isValidBootstrapTokenId,
  parseBootstrapToken,
  randomTokenString,
  tokenFromIdAndSecret,
  validateBootstrapGroupName,
  validateUsages,
} from '../../../src/config/bootstrap-token.js';

// Vectors from k8s.io/cluster-bootstrap token/util/helpers_test.go.
const validTokens = ['abcdef.1234567890123456', '123456.aabbccddeeffgghh', 'abcdef.abcdef0123456789', '123456.1234560123456789'];
const invalidTokens = [
  '',
  '.',
  '1234567890123456789012',
  '12345.1234567890123456',
  '.1234567890123456',
  '123456.',
  '123456:1234567890.123456',
  'abcdef:1234567890123456',
  'Abcdef.1234567890123456',
  '123456.AABBCCDDEEFFGGHH',
  '123456.AABBCCD-EEFFGGHH',
  'abc*ef.1234567890123456',
  'ABCDEF.abcdef0123456789',
];

const tokenValidity = test.macro({
  exec(t, token: string, expected: boolean) {
    t.is(isValidBootstrapToken(token), expected);
    t.is(parseBootstrapToken(token) !== undefined, expected);
  },
  title: (_p, token: string, expected: boolean) => `IsValidBootstrapToken(${JSON.stringify(token)}) = ${expected}`,
});
for (const tok of validTokens) test(tokenValidity, tok, true);
for (const tok of invalidTokens) test(tokenValidity, tok, false);

test('a trailing newline does not sneak past the anchors (Go \\z semantics)', (t) => {
  t.false(isValidBootstrapToken('abcdef.1234567890123456\n'));
  t.false(isValidBootstrapTokenId('abcdef\n'));
});

const idValidity = test.macro({
  exec(t, id: string, expected: boolean) {
    t.is(isValidBootstrapTokenId(id), expected);
  },
  title: (_p, id: string, expected: boolean) => `IsValidBootstrapTokenID(${JSON.stringify(id)}) = ${expected}`,
});
for (const id of ['', '1234567890123456789012', '12345', 'Abcdef', 'ABCDEF', 'abcdef.']) test(idValidity, id, false);
for (const id of ['abcdef', '123456']) test(idValidity, id, true);

test('TokenFromIDAndSecret and BootstrapTokenSecretName (upstream vectors)', (t) => {
  t.is(tokenFromIdAndSecret('foo', 'bar'), 'foo.bar');
  t.is(tokenFromIdAndSecret('abcdef', 'abcdef0123456789'), 'abcdef.abcdef0123456789');
  t.is(tokenFromIdAndSecret('h', 'b'), 'h.b');
  t.is(bootstrapTokenSecretName('foo'), 'bootstrap-token-foo');
  t.is(bootstrapTokenSecretName('bar'), 'bootstrap-token-bar');
  t.is(bootstrapTokenSecretName(''), 'bootstrap-token-');
  t.is(bootstrapTokenSecretName('abcdef'), 'bootstrap-token-abcdef');
});

test('parseBootstrapToken splits id and secret', (t) => {
  t.deepEqual(parseBootstrapToken('abcdef.0123456789abcdef'), { id: 'abcdef', secret: '0123456789abcdef' });
});

const groupValidity = test.macro({
  exec(t, group: string, valid: boolean) {
    const err = validateBootstrapGroupName(group);
    if (valid) t.is(err, undefined);
    else t.regex(err ?? '', /^bootstrap group ".*" is invalid \(must match /);
  },
  title: (_p, group: string, valid: boolean) => `ValidateBootstrapGroupName(${JSON.stringify(group.slice(0, 40))}) ${valid ? 'accepts' : 'rejects'}`,
});
for (const g of ['system:bootstrappers:foo', 'system:bootstrappers:foo:bar:baz', 'system:bootstrappers:foo-bar-42']) test(groupValidity, g, true);
for (const g of [
  'system:bootstrappers:Foo',
  'foo',
  'system:bootstrappers:',
  'system:bootstrappers: ',
  'system:bootstrappers:*',
  'system:bootstrappers:foo:',
  'system:bootstrappers:foo-',
  'system:bootstrappers:<script> alert("scary?!") </script>',
  `system:bootstrappers:${'x'.repeat(300)}`,
]) {
  test(groupValidity, g, false);
}

test('ValidateUsages (upstream vectors)', (t) => {
  t.is(validateUsages(['signing']), undefined);
  t.is(validateUsages(['authentication']), undefined);
  t.is(validateUsages(['authentication', 'signing']), undefined);
  t.is(validateUsages(['authentication', 'foo']), 'invalid bootstrap token usage string: foo, valid usage options: signing,authentication');
  t.regex(validateUsages(['foo', 'bar']) ?? '', /usage string: foo,bar/);
});

test('generated tokens are well formed and differ', (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const tok = generateBootstrapToken();
    t.regex(tok, BOOTSTRAP_TOKEN_PATTERN);
    seen.add(tok);
  }
  t.is(seen.size, 200);
});

test('random token characters cover the whole alphabet and nothing else', (t) => {
  const text = randomTokenString(20000);
  const chars = new Set(text);
  t.is(chars.size, 36);
  t.regex(text, /^[0-9a-z]+$/);
});
