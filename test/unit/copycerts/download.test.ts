// Error paths of the download with a KubeClient that only answers `get` (the real API server is e2e).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { downloadSharedCertificates, missingSharedCertificates, sharedCertificatesOnDisk, sharedFile } from '../../../src/copycerts/download.js';
import { kubeadmCertsSecret } from '../../../src/copycerts/secret.js';
import { MinikubeadmError } from '../../../src/errors.js';
import { Fs } from '../../../src/host/fs.js';
import type { KubeClient } from '../../../src/kube/client/client.js';
import type { KubeObject, ObjectRef } from '../../../src/kube/objects/types.js';
import { publicKeyToPem } from '../../../src/pki/keys.js';
import { discoveryPki } from '../../helpers/cluster-info.js';

const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const PKI = '/etc/kubernetes/pki';
const local = { etcd: { local: {} as never } };
const external = { etcd: { external: { endpoints: ['https://10.0.0.1:2379'], caFile: '/etc/etcd/ca.pem', certFile: '/etc/etcd/client.pem', keyFile: '/etc/etcd/client-key.pem' } } };
const owner: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bootstrap-token-abc123', uid: 'u-1' } };

function client(secret: KubeObject | undefined): KubeClient & { asked: ObjectRef[] } {
  const asked: ObjectRef[] = [];
  const fake = {
    server: 'https://192.0.2.10:6443',
    source: '/etc/kubernetes/bootstrap-kubelet.conf',
    dryRun: false,
    asked,
    async get(ref: ObjectRef) {
      asked.push(ref);
      return secret;
    },
  };
  return fake as unknown as KubeClient & { asked: ObjectRef[] };
}

/** What `init --upload-certs` uploads for local etcd: real PEM certificates, keys and sa.pub. */
async function uploaded(): Promise<Map<string, Buffer>> {
  const pki = await discoveryPki();
  const crt = (pem: string) => Buffer.from(pem);
  return new Map([
    ['ca.crt', crt(pki.ca.cert.pem)],
    ['ca.key', crt(pki.ca.keyPem)],
    ['front-proxy-ca.crt', crt(pki.mitmCA.cert.pem)],
    ['front-proxy-ca.key', crt(pki.mitmCA.keyPem)],
    ['sa.pub', crt(publicKeyToPem(pki.serving.cert.publicKey))],
    ['sa.key', crt(pki.serving.keyPem)],
    ['etcd-ca.crt', crt(pki.noLoopback.cert.pem)],
    ['etcd-ca.key', crt(pki.noLoopback.keyPem)],
  ]);
}

async function refused(t: import('ava').ExecutionContext, p: Promise<unknown>): Promise<MinikubeadmError> {
  const e = await t.throwsAsync(p, { instanceOf: MinikubeadmError });
  t.is(e!.code, 'JOIN_REFUSED');
  return e!;
}

test('the Secret decrypts: every shared file with its bytes, path and secret flag', async (t) => {
  const contents = await uploaded();
  const c = client(kubeadmCertsSecret(contents, KEY, owner));
  const certs = await downloadSharedCertificates(c, local, PKI, KEY);
  t.deepEqual(c.asked, [{ apiVersion: 'v1', kind: 'Secret', name: 'kubeadm-certs', namespace: 'kube-system' }]);
  t.deepEqual(certs.map((f) => [f.key, f.path, f.secret]), [
    ['ca.crt', `${PKI}/ca.crt`, false],
    ['ca.key', `${PKI}/ca.key`, true],
    ['front-proxy-ca.crt', `${PKI}/front-proxy-ca.crt`, false],
    ['front-proxy-ca.key', `${PKI}/front-proxy-ca.key`, true],
    ['sa.pub', `${PKI}/sa.pub`, false],
    ['sa.key', `${PKI}/sa.key`, true],
    ['etcd-ca.crt', `${PKI}/etcd/ca.crt`, false],
    ['etcd-ca.key', `${PKI}/etcd/ca.key`, true],
  ]);
  for (const f of certs) t.true(f.bytes.equals(contents.get(f.key)!), f.key);
  t.true(sharedFile(certs, PKI, 'etcd/ca.crt')!.equals(contents.get('etcd-ca.crt')!));
  t.is(sharedFile(certs, PKI, 'apiserver.crt'), undefined);
});

test('external etcd without TLS: the empty client entries come back empty', async (t) => {
  const contents: Map<string, Buffer | undefined> = await uploaded();
  contents.delete('etcd-ca.crt');
  contents.delete('etcd-ca.key');
  for (const k of ['external-etcd-ca.crt', 'external-etcd.crt', 'external-etcd.key']) contents.set(k, undefined);
  const certs = await downloadSharedCertificates(client(kubeadmCertsSecret(contents, KEY, owner)), external, PKI, KEY);
  t.deepEqual(certs.slice(6).map((f) => [f.key, f.path, f.secret, f.bytes.length]), [
    ['external-etcd-ca.crt', '/etc/etcd/ca.pem', false, 0],
    ['external-etcd.crt', '/etc/etcd/client.pem', false, 0],
    ['external-etcd.key', '/etc/etcd/client-key.pem', true, 0],
  ]);
});

test('no Secret: it might have expired; upload-certs is the way out', async (t) => {
  const e = await refused(t, downloadSharedCertificates(client(undefined), local, PKI, KEY));
  t.is(e.message, 'error downloading the secret: Secret "kubeadm-certs" was not found in the "kube-system" Namespace. This Secret might have expired (it lives 2 hours after `init --upload-certs`)');
  t.is(e.hint, 'run `minikubeadm init phase upload-certs --upload-certs` on a control-plane node, then join with the key it prints');
});

test('a wrong certificate key: error decoding secret data with provided key', async (t) => {
  const c = client(kubeadmCertsSecret(await uploaded(), KEY, owner));
  const e = await refused(t, downloadSharedCertificates(c, local, PKI, 'ab'.repeat(32)));
  t.is(e.message, 'error decoding secret data with provided key: cipher: message authentication failed');
  t.regex(e.hint!, /^the --certificate-key is not the key the Secret was encrypted with/);
  t.regex(e.hint!, /minikubeadm init phase upload-certs --upload-certs/);
});

test('a certificate key that is no key at all is a flag error, not a download error', async (t) => {
  const c = client(kubeadmCertsSecret(await uploaded(), KEY, owner));
  const e = await t.throwsAsync(downloadSharedCertificates(c, local, PKI, 'not-hex'), { instanceOf: MinikubeadmError });
  t.is(e!.code, 'FLAG_INVALID');
  t.is(e!.message, 'error decoding certificate key: it is not hexadecimal');
});

test('a Secret without one of the files of this etcd mode', async (t) => {
  const contents = await uploaded();
  contents.delete('etcd-ca.key');
  const e = await refused(t, downloadSharedCertificates(client(kubeadmCertsSecret(contents, KEY, owner)), local, PKI, KEY));
  t.is(e.message, `error downloading certs: the Secret does not include the required certificate or key - name: etcd-ca.key, path: ${PKI}/etcd/ca.key`);
  t.regex(e.hint!, /^the Secret was uploaded for another etcd mode or by another tool/);

  // Uploaded for local etcd, joined with external etcd.
  const other = await refused(t, downloadSharedCertificates(client(kubeadmCertsSecret(await uploaded(), KEY, owner)), external, PKI, KEY));
  t.is(other.message, 'error downloading certs: the Secret does not include the required certificate or key - name: external-etcd-ca.crt, path: /etc/etcd/ca.pem');
});

test('an entry that decrypts to something else than a key or certificate', async (t) => {
  const garbage = await uploaded();
  garbage.set('ca.key', Buffer.from('hello'));
  const e = await refused(t, downloadSharedCertificates(client(kubeadmCertsSecret(garbage, KEY, owner)), local, PKI, KEY));
  t.is(e.message, 'error downloading certs: unknown data found in Secret entry "ca.key"');
  t.is(e.hint, 'run `minikubeadm init phase upload-certs --upload-certs` on a control-plane node, then join with the key it prints');

  // Swapped: a certificate where a private key belongs, and a private key where a certificate belongs.
  const swapped = await uploaded();
  swapped.set('sa.key', swapped.get('ca.crt')!);
  t.regex((await refused(t, downloadSharedCertificates(client(kubeadmCertsSecret(swapped, KEY, owner)), local, PKI, KEY))).message, /"sa\.key"$/);
  const swapped2 = await uploaded();
  swapped2.set('front-proxy-ca.crt', swapped2.get('ca.key')!);
  t.regex((await refused(t, downloadSharedCertificates(client(kubeadmCertsSecret(swapped2, KEY, owner)), local, PKI, KEY))).message, /"front-proxy-ca\.crt"$/);
});

test('missingSharedCertificates: the CA and sa files not on disk; external etcd client files are not required', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-copycerts-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const fs = new Fs();
  t.deepEqual(await missingSharedCertificates(fs, local, dir), ['ca.crt', 'ca.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'sa.pub', 'sa.key', 'etcd/ca.crt', 'etcd/ca.key'].map((f) => join(dir, f)));
  await mkdir(join(dir, 'etcd'));
  for (const f of ['ca.crt', 'ca.key', 'sa.pub', 'sa.key', 'etcd/ca.crt']) await writeFile(join(dir, f), 'x');
  t.deepEqual(await missingSharedCertificates(fs, local, dir), [join(dir, 'front-proxy-ca.crt'), join(dir, 'front-proxy-ca.key'), join(dir, 'etcd/ca.key')]);
  await writeFile(join(dir, 'front-proxy-ca.crt'), 'x');
  await writeFile(join(dir, 'front-proxy-ca.key'), 'x');
  const ext = { etcd: { external: { endpoints: ['https://10.0.0.1:2379'], caFile: join(dir, 'ext/ca.pem'), certFile: join(dir, 'ext/client.pem'), keyFile: join(dir, 'ext/client-key.pem') } } };
  t.deepEqual(await missingSharedCertificates(fs, ext, dir), [], 'external etcd: the etcd CA and client files are not checked');
  t.deepEqual(await missingSharedCertificates(fs, local, dir), [join(dir, 'etcd/ca.key')]);

  const onDisk = await sharedCertificatesOnDisk(fs, ext, dir);
  t.deepEqual(onDisk.map((f) => [f.key, f.bytes.toString()]), [
    ['ca.crt', 'x'], ['ca.key', 'x'], ['front-proxy-ca.crt', 'x'], ['front-proxy-ca.key', 'x'], ['sa.pub', 'x'], ['sa.key', 'x'],
    ['external-etcd-ca.crt', ''], ['external-etcd.crt', ''], ['external-etcd.key', ''],
  ]);
});
