import test from 'ava';
import type { BootstrapToken } from '../../../src/config/types.js';
import type { KubeClient } from '../../../src/kube/client/client.js';
import { duration } from '../../../src/config/duration.js';
import { isUnchosen, maskToken, pickReusableToken } from '../../../src/token/resolve.js';
import type { TokenSecretData } from '../../../src/token/secret.js';
import { testContext } from '../../helpers/config.js';

const now = new Date('2026-01-02T00:00:00Z');
const spec: BootstrapToken = { token: '', ttl: duration('24h0m0s'), usages: ['signing', 'authentication'], groups: ['system:bootstrappers:kubeadm:default-node-token'] };
const secret = (id: string, over: Partial<TokenSecretData> = {}): TokenSecretData => ({
  id,
  secret: '0123456789abcdef',
  expiration: '2026-01-02T12:00:00Z',
  usages: ['authentication', 'signing'],
  groups: ['system:bootstrappers:kubeadm:default-node-token'],
  ...over,
});

const pick = test.macro((t, secrets: TokenSecretData[], expected: string | undefined) => {
  t.is(pickReusableToken(secrets, spec, now)?.id, expected);
});
test('reuses a matching unexpired token', pick, [secret('aaaaaa')], 'aaaaaa');
test('prefers the one that lives longest', pick, [secret('aaaaaa'), secret('bbbbbb', { expiration: '2026-01-02T20:00:00Z' })], 'bbbbbb');
test('ties go to the smallest id', pick, [secret('cccccc'), secret('bbbbbb')], 'bbbbbb');
test('not an expired one', pick, [secret('aaaaaa', { expiration: '2026-01-01T23:59:59Z' })], undefined);
test('not one with other usages', pick, [secret('aaaaaa', { usages: ['signing'] })], undefined);
test('not one with other groups', pick, [secret('aaaaaa', { groups: ['system:bootstrappers:other'] })], undefined);
test('not one with a description', pick, [secret('aaaaaa', { description: 'someone else made this' })], undefined);
test('not one that never expires when ours does', pick, [secret('aaaaaa', { expiration: undefined })], undefined);

test('mask keeps the id only', (t) => {
  t.is(maskToken('abcdef.0123456789abcdef'), 'abcdef.****************');
  t.false(maskToken('abcdef.0123456789abcdef').includes('0123'));
});

test('isUnchosen: empty, or generated while defaulting', (t) => {
  t.true(isUnchosen(spec));
  t.false(isUnchosen({ ...spec, token: 'abcdef.0123456789abcdef' }));
  t.true(isUnchosen({ ...spec, token: 'abcdef.0123456789abcdef', generated: true } as BootstrapToken));
});

test('the run\'s tokens: one answer per run; user tokens untouched; unchosen ones reuse the cluster token', async (t) => {
  let lists = 0;
  const existing = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'bootstrap-token-qqqqqq', namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: {
      'token-id': Buffer.from('qqqqqq').toString('base64'),
      'token-secret': Buffer.from('0123456789qqqqqq').toString('base64'),
      expiration: Buffer.from('2026-01-02T12:00:00Z').toString('base64'),
      'usage-bootstrap-signing': Buffer.from('true').toString('base64'),
      'usage-bootstrap-authentication': Buffer.from('true').toString('base64'),
      'auth-extra-groups': Buffer.from('system:bootstrappers:kubeadm:default-node-token').toString('base64'),
    },
  };
  // Only list() is reachable from runTokens; the other methods fail loudly if called.
  const client = new Proxy({ dryRun: false, list: async () => (lists++, [existing]) } as unknown as KubeClient, {
    get: (target, prop) => (prop in target ? (target as never)[prop] : prop === 'then' ? undefined : () => t.fail(`unexpected call ${String(prop)}`)),
  });
  const { ctx } = await testContext({ init: { bootstrapTokens: [spec, { ...spec, token: 'zzzzzz.0123456789abcdef' }] } }, { now: () => now, cluster: async () => client });
  const first = await ctx.tokens();
  const second = await ctx.tokens();
  t.is(first, second);
  t.is(lists, 1);
  t.deepEqual(first.map((x) => [x.token, x.origin]), [['qqqqqq.0123456789qqqqqq', 'existing'], ['zzzzzz.0123456789abcdef', 'config']]);
});
