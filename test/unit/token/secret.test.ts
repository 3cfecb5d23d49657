import test from 'ava';
import { duration } from '../../../src/config/duration.js';
import type { BootstrapToken } from '../../../src/config/types.js';
import { buildTokenSecret, formatRfc3339, isExpired, parseTokenSecret, tokenExpiration } from '../../../src/token/secret.js';

const now = new Date('2026-01-02T03:04:05.678Z');
const base: BootstrapToken = {
  token: 'abcdef.0123456789abcdef',
  ttl: duration('24h0m0s'),
  usages: ['signing', 'authentication'],
  groups: ['system:bootstrappers:kubeadm:default-node-token'],
};
const decode = (data: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

test('Secret layout as kubeadm encodes it', (t) => {
  const s = buildTokenSecret({ ...base, description: 'for worker nodes' }, now);
  t.is(s.metadata.name, 'bootstrap-token-abcdef');
  t.is(s.metadata.namespace, 'kube-system');
  t.is(s['type'], 'bootstrap.kubernetes.io/token');
  t.deepEqual(decode(s['data'] as Record<string, string>), {
    'token-id': 'abcdef',
    'token-secret': '0123456789abcdef',
    description: 'for worker nodes',
    expiration: '2026-01-03T03:04:05Z',
    'usage-bootstrap-signing': 'true',
    'usage-bootstrap-authentication': 'true',
    'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
  });
});

const expiration = test.macro((t, token: Partial<BootstrapToken>, expected: string | undefined) => {
  t.is(tokenExpiration({ ...base, ...token }, now), expected);
});
test('expiration: now + ttl, RFC 3339 UTC without fractions', expiration, { ttl: duration('1h30m0s') }, '2026-01-02T04:34:05Z');
test('expiration: ttl 0 means none', expiration, { ttl: duration('0s') }, undefined);
test('expiration: absolute expires wins over ttl', expiration, { expires: '2030-05-06T07:08:09+02:00' }, '2030-05-06T05:08:09Z');

test('no description key when empty, no groups key when there are none', (t) => {
  const data = decode(buildTokenSecret({ ...base, usages: ['signing'], groups: [] }, now)['data'] as Record<string, string>);
  t.false('description' in data);
  t.false('auth-extra-groups' in data);
  t.false('usage-bootstrap-authentication' in data);
});

test('an existing unexpired expiration of the same token is kept (re-running changes nothing)', (t) => {
  const first = buildTokenSecret(base, now);
  const later = new Date(now.getTime() + 3_600_000);
  const again = buildTokenSecret(base, later, parseTokenSecret(first));
  t.deepEqual(again, first);
  // Expired, or a different secret under the same id: a fresh expiration.
  const muchLater = new Date(now.getTime() + 48 * 3_600_000);
  t.is(decode(buildTokenSecret(base, muchLater, parseTokenSecret(first))['data'] as Record<string, string>)['expiration'], formatRfc3339(new Date(muchLater.getTime() + 86_400_000)));
  const other = buildTokenSecret({ ...base, token: 'abcdef.ffffffffffffffff' }, later, parseTokenSecret(first));
  t.not((other['data'] as Record<string, string>)['expiration'], (first['data'] as Record<string, string>)['expiration']);
});

test('parse round-trips and sorts usages', (t) => {
  const parsed = parseTokenSecret(buildTokenSecret({ ...base, description: 'd' }, now));
  t.deepEqual(parsed, {
    id: 'abcdef',
    secret: '0123456789abcdef',
    description: 'd',
    expiration: '2026-01-03T03:04:05Z',
    usages: ['authentication', 'signing'],
    groups: ['system:bootstrappers:kubeadm:default-node-token'],
  });
  t.false(isExpired(parsed!, now));
  t.true(isExpired(parsed!, new Date('2026-01-03T03:04:05Z')));
});

test('parse rejects what is not a well-formed token Secret', (t) => {
  const good = buildTokenSecret(base, now);
  t.is(parseTokenSecret({ ...good, type: 'Opaque' }), undefined);
  t.is(parseTokenSecret({ ...good, metadata: { name: 'bootstrap-token-zzzzzz', namespace: 'kube-system' } }), undefined);
  const data = { ...(good['data'] as Record<string, string>), 'token-secret': Buffer.from('short').toString('base64') };
  t.is(parseTokenSecret({ ...good, data }), undefined);
});
