import test from 'ava';
import { decryptBytes } from '../../../src/copycerts/crypto.js';
import { CERT_TOKEN_DESCRIPTION, KUBEADM_CERTS_NAMESPACE, KUBEADM_CERTS_SECRET, certTokenSpec, decryptKubeadmCerts, kubeadmCertsSecret, sharedFiles } from '../../../src/copycerts/secret.js';
import type { KubeObject } from '../../../src/kube/objects/types.js';

const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const OTHER_KEY = 'ff'.repeat(32);
const external = { endpoints: ['https://10.0.0.1:2379'], caFile: '/etc/etcd/ca.pem', certFile: '/etc/etcd/client.pem', keyFile: '/etc/etcd/client-key.pem' };
const owner: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bootstrap-token-abc123', namespace: 'kube-system', uid: '7f1e9c4a-1d2b-4c3d-8e9f-0a1b2c3d4e5f' } };

test('sharedFiles with local etcd: the CAs, the service account pair and the etcd CA', (t) => {
  t.deepEqual(sharedFiles({ etcd: { local: {} as never } }, '/etc/kubernetes/pki'), [
    { key: 'ca.crt', path: '/etc/kubernetes/pki/ca.crt', secret: false },
    { key: 'ca.key', path: '/etc/kubernetes/pki/ca.key', secret: true },
    { key: 'front-proxy-ca.crt', path: '/etc/kubernetes/pki/front-proxy-ca.crt', secret: false },
    { key: 'front-proxy-ca.key', path: '/etc/kubernetes/pki/front-proxy-ca.key', secret: true },
    { key: 'sa.pub', path: '/etc/kubernetes/pki/sa.pub', secret: false },
    { key: 'sa.key', path: '/etc/kubernetes/pki/sa.key', secret: true },
    { key: 'etcd-ca.crt', path: '/etc/kubernetes/pki/etcd/ca.crt', secret: false },
    { key: 'etcd-ca.key', path: '/etc/kubernetes/pki/etcd/ca.key', secret: true },
  ]);
});

test('sharedFiles with external etcd: its client files where the config names them, no etcd CA', (t) => {
  const files = sharedFiles({ etcd: { external } }, '/pki');
  t.deepEqual(files.map((f) => f.key), ['ca.crt', 'ca.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'sa.pub', 'sa.key', 'external-etcd-ca.crt', 'external-etcd.crt', 'external-etcd.key']);
  t.deepEqual(files.slice(6), [
    { key: 'external-etcd-ca.crt', path: '/etc/etcd/ca.pem', secret: false },
    { key: 'external-etcd.crt', path: '/etc/etcd/client.pem', secret: false },
    { key: 'external-etcd.key', path: '/etc/etcd/client-key.pem', secret: true },
  ]);
});

test('kubeadmCertsSecret: owned by the token Secret, each value nonce ‖ ciphertext ‖ tag in base64, missing files empty', (t) => {
  const contents = new Map<string, Buffer | undefined>([
    ['ca.crt', Buffer.from('-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n')],
    ['ca.key', Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nkey\n-----END RSA PRIVATE KEY-----\n')],
    ['external-etcd.crt', undefined],
    ['external-etcd.key', Buffer.alloc(0)],
  ]);
  const secret = kubeadmCertsSecret(contents, KEY, owner);
  t.is(secret.apiVersion, 'v1');
  t.is(secret.kind, 'Secret');
  t.deepEqual(secret.metadata, {
    name: KUBEADM_CERTS_SECRET,
    namespace: KUBEADM_CERTS_NAMESPACE,
    ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: 'bootstrap-token-abc123', uid: '7f1e9c4a-1d2b-4c3d-8e9f-0a1b2c3d4e5f', controller: true, blockOwnerDeletion: true }],
  });
  const data = secret['data'] as Record<string, string>;
  t.deepEqual(Object.keys(data), ['ca.crt', 'ca.key', 'external-etcd.crt', 'external-etcd.key']);
  t.is(data['external-etcd.crt'], '');
  t.is(data['external-etcd.key'], '');
  for (const key of ['ca.crt', 'ca.key']) {
    t.regex(data[key]!, /^[A-Za-z0-9+/]+=*$/);
    const raw = Buffer.from(data[key]!, 'base64');
    t.is(raw.length, 12 + contents.get(key)!.length + 16);
    t.true(decryptBytes(raw, KEY).equals(contents.get(key)!));
  }
  t.false(Buffer.from(data['ca.crt']!, 'base64').subarray(0, 12).equals(Buffer.from(data['ca.key']!, 'base64').subarray(0, 12)), 'a nonce per value');
});

test('certTokenSpec: a 2-hour token that can do nothing', (t) => {
  const spec = certTokenSpec('abc123.0123456789abcdef');
  t.deepEqual(spec, { token: 'abc123.0123456789abcdef', description: CERT_TOKEN_DESCRIPTION, ttl: { text: '2h0m0s', ms: 7_200_000 }, usages: [], groups: [] });
  t.is(CERT_TOKEN_DESCRIPTION, 'Proxy for managing TTL for the kubeadm-certs secret');
});

test('decryptKubeadmCerts: the round trip, empty values kept empty, a wrong key refused', (t) => {
  const contents = new Map<string, Buffer | undefined>([
    ['sa.pub', Buffer.from('-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n')],
    ['sa.key', Buffer.from([0, 1, 2, 255])],
    ['external-etcd-ca.crt', undefined],
  ]);
  const secret = kubeadmCertsSecret(contents, KEY, owner);
  const plain = decryptKubeadmCerts(secret, KEY);
  t.deepEqual([...plain.keys()], ['sa.pub', 'sa.key', 'external-etcd-ca.crt']);
  t.true(plain.get('sa.pub')!.equals(contents.get('sa.pub')!));
  t.true(plain.get('sa.key')!.equals(Buffer.from([0, 1, 2, 255])));
  t.is(plain.get('external-etcd-ca.crt')!.length, 0);
  t.throws(() => decryptKubeadmCerts(secret, OTHER_KEY), { message: 'cipher: message authentication failed' });
  t.is(decryptKubeadmCerts({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kubeadm-certs' } }, KEY).size, 0, 'a Secret without data');
});
