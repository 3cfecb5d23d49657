import test from 'ava';
import { duration } from '../../../../src/config/duration.js';
import { mkdtemp, readFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certsPhase } from '../../../../phases/init/certs.js';
import { MinikubeadmError } from '../../../../src/errors.js';
import { CERTIFICATES, altNamesFor } from '../../../../src/pki/certlist.js';
import { keyBits, parsePrivateKey } from '../../../../src/pki/keys.js';
import { isSignedBy } from '../../../../src/pki/verify.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { testConfig, testContext } from '../../../helpers/config.js';
import { copyTree, snapshot } from '../../../helpers/pki.js';
import { NOW, YEAR, at, certs, pki, read } from './certs-helpers.js';

// One full PKI (16 RSA keys) made once; cases that change files work on their own copy.
let pristine = '';
let firstLog = '';
test.before(async () => {
  pristine = await mkdtemp(join(tmpdir(), 'mka-certs-'));
  firstLog = (await certs(pristine)).out();
});

test('writes every kubeadm file with kubeadm modes: keys 0600, certificates 0644, sa.pub 0600, directories 0755', async (t) => {
  const files = await snapshot(pristine);
  const expected = [...CERTIFICATES.flatMap((c) => [`pki/${c.baseName}.crt`, `pki/${c.baseName}.key`]), 'pki/sa.key', 'pki/sa.pub'].sort();
  t.deepEqual([...files.keys()].sort(), expected);
  for (const [path, { mode }] of files) t.is(mode, path.endsWith('.crt') ? 0o644 : 0o600, path);
  t.is((await stat(join(pristine, 'pki'))).mode & 0o777, 0o755);
  t.is((await stat(join(pristine, 'pki', 'etcd'))).mode & 0o777, 0o755);
  t.regex((await readFile(join(pristine, 'pki', 'sa.key'), 'utf8')), /^-----BEGIN RSA PRIVATE KEY-----\n/);
  t.regex((await readFile(join(pristine, 'pki', 'sa.pub'), 'utf8')), /^-----BEGIN PUBLIC KEY-----\n/);
});

test('logs kubeadm lines in kubeadm order', (t) => {
  t.deepEqual(firstLog.trimEnd().split('\n'), [
    `[certs] Using certificateDir folder "${join(pristine, 'pki')}"`,
    '[certs] Generating "ca" certificate and key',
    '[certs] Generating "apiserver" certificate and key',
    '[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local node-1] and IPs [10.96.0.1 192.0.2.10]',
    '[certs] Generating "apiserver-kubelet-client" certificate and key',
    '[certs] Generating "front-proxy-ca" certificate and key',
    '[certs] Generating "front-proxy-client" certificate and key',
    '[certs] Generating "etcd/ca" certificate and key',
    '[certs] Generating "etcd/server" certificate and key',
    '[certs] etcd/server serving cert is signed for DNS names [localhost node-1] and IPs [192.0.2.10 127.0.0.1 ::1]',
    '[certs] Generating "etcd/peer" certificate and key',
    '[certs] etcd/peer serving cert is signed for DNS names [localhost node-1] and IPs [192.0.2.10 127.0.0.1 ::1]',
    '[certs] Generating "etcd/healthcheck-client" certificate and key',
    '[certs] Generating "apiserver-etcd-client" certificate and key',
    '[certs] Generating "sa" key and public key',
  ]);
});

test('every certificate matches its table row, chains to its CA and has the configured validity', async (t) => {
  for (const spec of CERTIFICATES) {
    const cert = await read(pristine, spec.baseName);
    t.is(cert.subject.commonName, spec.commonName(testConfig(pristine)), spec.name);
    t.deepEqual({ dnsNames: cert.dnsNames, ips: cert.ips }, altNamesFor(spec, testConfig(pristine), () => undefined), spec.name);
    t.deepEqual(cert.subject.organization, [...spec.organization(testConfig(pristine))], spec.name);
    t.deepEqual(cert.extKeyUsage, [...spec.usages], spec.name);
    t.is(cert.isCA, spec.ca === undefined, spec.name);
    const ca = spec.ca ? await read(pristine, CERTIFICATES.find((c) => c.name === spec.ca)!.baseName) : cert;
    t.true(isSignedBy(cert, ca), `${spec.name} is signed by ${spec.ca ?? 'itself'}`);
    if (spec.ca) t.deepEqual([cert.notBefore, cert.notAfter], [new Date(NOW.getTime() - 300_000), new Date(NOW.getTime() + YEAR)], spec.name);
    else t.deepEqual([cert.notBefore, cert.notAfter], [NOW, new Date(NOW.getTime() + 10 * YEAR)], spec.name);
  }
});

test('a second run reuses everything: same bytes, same mtimes, kubeadm "Using existing" lines', async (t) => {
  const dir = await copyTree(pristine);
  const before = await snapshot(dir);
  const log = (await certs(dir, { now: new Date(NOW.getTime() + 30 * 86_400_000) })).out();
  t.deepEqual(await snapshot(dir), before);
  t.true(log.includes('[certs] Using existing ca certificate authority\n'));
  t.true(log.includes('[certs] Using existing apiserver certificate and key on disk\n'));
  t.true(log.includes('[certs] Using existing etcd/ca certificate authority\n'));
  t.true(log.includes('[certs] Using existing etcd/healthcheck-client certificate and key on disk\n'));
  t.true(log.includes('[certs] Using the existing "sa" key\n'));
  t.false(log.includes('Generating'));
});

test('external CA mode: without ca.key the signed certificates are checked and reused; a missing one is named', async (t) => {
  const dir = await copyTree(pristine);
  await unlink(pki(dir, 'ca.key'));
  await unlink(pki(dir, 'front-proxy-ca.key'));
  const before = await snapshot(dir);
  const log = (await certs(dir)).out();
  t.true(log.includes('[certs] Using existing ca keyless certificate authority\n'));
  t.true(log.includes('[certs] Using existing front-proxy-ca keyless certificate authority\n'));
  t.true(log.includes('[certs] Using existing apiserver certificate and key on disk\n'));
  t.deepEqual(await snapshot(dir), before);

  await unlink(pki(dir, 'apiserver.crt'));
  await unlink(pki(dir, 'apiserver.key'));
  const e = await t.throwsAsync(certs(dir), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PKI_MISSING');
  t.regex(e!.message, /external CA mode: .*pki\/ca\.key is absent, so .*apiserver\.crt and .*apiserver\.key must already exist, signed by .*pki\/ca\.crt/);
  t.regex(e!.hint!, /CN "kube-apiserver", SANs kubernetes, .*10\.96\.0\.1, 192\.0\.2\.10/);
  t.false((await readdir(join(dir, 'pki'))).includes('apiserver.crt'));
});

test('external etcd: no etcd CA or certificates, kubeadm skip lines', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-certs-ext-'));
  const external = { endpoints: ['https://10.0.0.5:2379'], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/c.crt', keyFile: '/etc/etcd/c.key' };
  const { ctx, out } = await testContext({}, { dir, now: at(NOW) });
  const config = { ...ctx.config, cluster: { ...ctx.config.cluster, etcd: { external } } };
  await runPhases([certsPhase], { ...ctx, config });
  t.deepEqual((await readdir(join(dir, 'pki'))).sort(), ['apiserver-kubelet-client.crt', 'apiserver-kubelet-client.key', 'apiserver.crt', 'apiserver.key', 'ca.crt', 'ca.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'front-proxy-client.crt', 'front-proxy-client.key', 'sa.key', 'sa.pub']);
  t.true(out().includes('[certs] External etcd mode: Skipping etcd/ca certificate authority generation\n'));
  t.true(out().includes('[certs] External etcd mode: Skipping etcd/server certificate generation\n'));
  t.true(out().includes('[certs] External etcd mode: Skipping apiserver-etcd-client certificate generation\n'));
});

test('dry-run writes nothing, yet later sub-phases see what earlier ones would have written', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-certs-dry-'));
  const { ctx, out } = await testContext({}, { dir, now: at(NOW), dryRun: true });
  await runPhases([certsPhase], ctx, { only: 'certs/ca' });
  await runPhases([certsPhase], ctx, { only: 'certs/apiserver' });
  t.deepEqual(await readdir(dir), []);
  t.deepEqual(ctx.fs.written().map((w) => w.path), ['ca.key', 'ca.crt', 'apiserver.key', 'apiserver.crt'].map((f) => join(dir, 'pki', f)));
  t.true(ctx.fs.written().every((w) => w.secret === w.path.endsWith('.key')));
  t.true(out().includes('[certs] Generating "apiserver" certificate and key'));
  t.false(out().includes('PRIVATE KEY'), 'no key material in the output');
});

for (const [algorithm, bits] of [['RSA-3072', 3072], ['RSA-4096', 4096]] as const) {
  test(`encryptionAlgorithm ${algorithm} makes ${bits}-bit keys`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'mka-certs-rsa-'));
    await certs(dir, { patch: { cluster: { encryptionAlgorithm: algorithm } }, only: 'certs/ca' });
    t.is(keyBits(parsePrivateKey(await readFile(pki(dir, 'ca.key'), 'utf8'), 'ca.key')), bits);
    t.is(keyBits((await read(dir, 'ca')).publicKey), bits);
  });
}

for (const [algorithm, curve] of [['ECDSA-P256', 'prime256v1'], ['ECDSA-P384', 'secp384r1']] as const) {
  test(`encryptionAlgorithm ${algorithm}: every key of the PKI (sa.key too) is on ${curve}, in SEC1 PEM, without KeyEncipherment; a second run changes nothing`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'mka-certs-ec-'));
    const patch = { cluster: { encryptionAlgorithm: algorithm } };
    await certs(dir, { patch });
    for (const base of [...CERTIFICATES.map((c) => c.baseName), 'sa']) {
      const pem = await readFile(pki(dir, `${base}.key`), 'utf8');
      t.regex(pem, /^-----BEGIN EC PRIVATE KEY-----\n/, base);
      t.is(parsePrivateKey(pem, base).asymmetricKeyDetails?.namedCurve, curve, base);
    }
    for (const spec of CERTIFICATES) {
      const cert = await read(dir, spec.baseName);
      t.is(cert.publicKey.asymmetricKeyDetails?.namedCurve, curve);
      t.deepEqual(cert.keyUsage, { digitalSignature: true, keyEncipherment: false, keyCertSign: spec.ca === undefined }, spec.baseName);
      if (spec.ca) t.true(isSignedBy(cert, await read(dir, CERTIFICATES.find((c) => c.name === spec.ca)!.baseName)), spec.baseName);
    }
    const before = await snapshot(dir);
    await certs(dir, { patch });
    t.deepEqual(await snapshot(dir), before);
  });
}

test('a leaf sub-phase alone needs its CA: a dependency error before anything runs', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-certs-dep-'));
  const e = await t.throwsAsync(certs(dir, { only: 'certs/etcd-server' }), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PHASE_DEPENDENCY');
  t.regex(e!.message, /phase "certs\/etcd-server" needs the etcd\/ca certificate authority \(etcd\/ca\.crt\), produced by phase "certs\/etcd-ca"/);
  t.deepEqual(await readdir(dir), []);
});

test('one sub-phase regenerates only its own missing pair', async (t) => {
  const dir = await copyTree(pristine);
  await rm(pki(dir, 'apiserver.crt'));
  await rm(pki(dir, 'apiserver.key'));
  const before = await snapshot(dir);
  await certs(dir, { only: 'certs/apiserver', patch: { cluster: { apiServer: { certSANs: ['api.example.com'] } } } });
  const after = await snapshot(dir);
  t.deepEqual([...after.keys()].filter((k) => !before.has(k)).sort(), ['pki/apiserver.crt', 'pki/apiserver.key']);
  for (const [k, v] of before) t.deepEqual(after.get(k), v, k);
  t.true((await read(dir, 'apiserver')).dnsNames.includes('api.example.com'));
});

test('a leaf that would outlive its CA is made with a warning, not capped (kubeadm v1.31+)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-certs-short-ca-'));
  const patch = { cluster: { caCertificateValidityPeriod: duration('2h') } };
  await certs(dir, { patch, only: 'certs/ca' });
  const { out } = await certs(dir, { patch, only: 'certs/apiserver-kubelet-client' });
  t.regex(out(), /\[certs\] WARNING: the apiserver-kubelet-client certificate \(valid until 2031-01-01T00:00:00Z\) outlives its CA ca \(valid until 2030-01-01T02:00:00Z\)/);
  t.deepEqual((await read(dir, 'apiserver-kubelet-client')).notAfter, new Date(NOW.getTime() + YEAR));
});
