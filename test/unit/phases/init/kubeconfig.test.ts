import test from 'ava';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certsPhase } from '../../../../phases/init/certs.js';
import { kubeconfigPhase } from '../../../../phases/init/kubeconfig.js';
import type { Config } from '../../../../src/config/types.js';
import { type ErrorCode, MinikubeadmError } from '../../../../src/errors.js';
import { caOf, clientCredentialsOf, currentOf, parseKubeconfig, serializeKubeconfig } from '../../../../src/kubeconfig/kubeconfig.js';
import { KUBECONFIGS } from '../../../../src/kubeconfig/specs.js';
import { createClientCertificate } from '../../../../src/pki/issue.js';
import { generateKey, keySpecFor, parsePrivateKey } from '../../../../src/pki/keys.js';
import { isSignedBy, keyMatches } from '../../../../src/pki/verify.js';
import { parseCertificatePem } from '../../../../src/pki/x509-read.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { type DeepPartial, testContext } from '../../../helpers/config.js';
import { copyTree, snapshot } from '../../../helpers/pki.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const YEAR = 8760 * 3_600_000;
const FILES = KUBECONFIGS.map((k) => k.file);

async function kubeconfig(dir: string, options: { patch?: DeepPartial<Config>; now?: Date; only?: string; dryRun?: boolean } = {}) {
  const tc = await testContext(options.patch ?? {}, { dir, now: () => options.now ?? NOW, dryRun: options.dryRun });
  await runPhases([kubeconfigPhase], tc.ctx, { only: options.only ?? 'kubeconfig' });
  return tc;
}

/** A copy of `dir` with its pki/ but without the kubeconfig files. */
async function pkiOnly(dir: string): Promise<string> {
  const copy = await copyTree(dir);
  for (const f of FILES) await rm(join(copy, f), { force: true });
  return copy;
}

let pristine = '';
let firstLog = '';
let otherCA = '';
test.before(async () => {
  pristine = await mkdtemp(join(tmpdir(), 'mka-kubeconfig-'));
  const tc = await testContext({}, { dir: pristine, now: () => NOW });
  await runPhases([certsPhase], tc.ctx);
  firstLog = (await kubeconfig(pristine)).out();
  otherCA = await mkdtemp(join(tmpdir(), 'mka-kubeconfig-other-'));
  const other = await testContext({}, { dir: otherCA, now: () => NOW });
  await runPhases([certsPhase], other.ctx, { only: 'certs/ca' });
});

test('writes the five kubeadm kubeconfig files, 0600, with kubeadm log lines', async (t) => {
  const files = await snapshot(pristine);
  for (const f of FILES) t.is(files.get(f)?.mode, 0o600, f);
  t.deepEqual(firstLog.trimEnd().split('\n'), [
    `[kubeconfig] Using kubeconfig folder "${pristine}"`,
    ...FILES.map((f) => `[kubeconfig] Writing "${f}" kubeconfig file`),
  ]);
});

// kubeadm getKubeConfigSpecsBase (reference §3.2).
const IDENTITIES: [string, string, string[], string][] = [
  ['admin.conf', 'kubernetes-admin', ['kubeadm:cluster-admins'], 'https://192.0.2.10:6443'],
  ['super-admin.conf', 'kubernetes-super-admin', ['system:masters'], 'https://192.0.2.10:6443'],
  ['kubelet.conf', 'system:node:node-1', ['system:nodes'], 'https://192.0.2.10:6443'],
  ['controller-manager.conf', 'system:kube-controller-manager', [], 'https://192.0.2.10:6443'],
  ['scheduler.conf', 'system:kube-scheduler', [], 'https://192.0.2.10:6443'],
];

const identity = test.macro<[(typeof IDENTITIES)[number]]>({
  async exec(t, [file, user, groups, server]) {
    const text = await readFile(join(pristine, file), 'utf8');
    const config = parseKubeconfig(text, file);
    t.is(serializeKubeconfig(config), text, 'laid out exactly as written');
    const current = currentOf(config);
    t.is(current.contextName, `${user}@kubernetes`);
    t.is(current.cluster.name, 'kubernetes');
    t.is(current.user.name, user);
    t.is(current.cluster.cluster.server, server);
    const ca = parseCertificatePem(await readFile(join(pristine, 'pki', 'ca.crt'), 'utf8'), 'ca.crt');
    t.deepEqual(parseCertificatePem(caOf(config)!.toString(), 'ca').der, ca.der);
    const creds = clientCredentialsOf(config);
    const cert = parseCertificatePem(creds.cert!.toString(), 'client');
    t.deepEqual(cert.subject, { commonName: user, organization: groups });
    t.deepEqual(cert.extKeyUsage, ['clientAuth']);
    t.true(isSignedBy(cert, ca));
    t.true(keyMatches(cert, parsePrivateKey(creds.key!.toString(), 'client-key-data')));
    t.regex(creds.key!.toString(), /^-----BEGIN RSA PRIVATE KEY-----\n/);
    t.deepEqual([cert.notBefore, cert.notAfter], [new Date(NOW.getTime() - 300_000), new Date(NOW.getTime() + YEAR)]);
  },
  title: (_, [file, user]) => `${file}: user ${user}, kubeadm groups, server, embedded CA and client certificate`,
});
for (const row of IDENTITIES) test(identity, row);

test('v1.32: controlPlaneEndpoint is used by admin, super-admin and kubelet; controller-manager and scheduler stay local; one port warning', async (t) => {
  const dir = await pkiOnly(pristine);
  const { out } = await kubeconfig(dir, { patch: { cluster: { kubernetesVersion: 'v1.32.4', controlPlaneEndpoint: 'cp.example.com:7443', clusterName: 'prod' } } });
  const servers = await Promise.all(FILES.map(async (f) => currentOf(parseKubeconfig(await readFile(join(dir, f), 'utf8'), f))));
  t.deepEqual(
    servers.map((s) => [s.cluster.cluster.server, s.contextName]),
    [
      ['https://cp.example.com:7443', 'kubernetes-admin@prod'],
      ['https://cp.example.com:7443', 'kubernetes-super-admin@prod'],
      ['https://cp.example.com:7443', 'system:node:node-1@prod'],
      ['https://192.0.2.10:6443', 'system:kube-controller-manager@prod'],
      ['https://192.0.2.10:6443', 'system:kube-scheduler@prod'],
    ],
  );
  t.is(out().split('\n').filter((l) => l === '[endpoint] WARNING: port specified in controlPlaneEndpoint overrides bindPort in the controlplane address').length, 1);
});

test('ControlPlaneKubeletLocalMode: kubelet.conf points at the local API server from v1.33 (beta, can be turned off) and always from v1.35', async (t) => {
  const kubeletServer = async (cluster: Record<string, unknown>): Promise<string> => {
    const dir = await pkiOnly(pristine);
    await kubeconfig(dir, { patch: { cluster: { controlPlaneEndpoint: 'cp.example.com:7443', ...cluster } } });
    return String(currentOf(parseKubeconfig(await readFile(join(dir, 'kubelet.conf'), 'utf8'), 'kubelet.conf')).cluster.cluster.server);
  };
  t.is(await kubeletServer({ kubernetesVersion: 'v1.33.0' }), 'https://192.0.2.10:6443');
  t.is(await kubeletServer({ kubernetesVersion: 'v1.34.0', featureGates: { ControlPlaneKubeletLocalMode: false } }), 'https://cp.example.com:7443');
  t.is(await kubeletServer({ kubernetesVersion: 'v1.32.4', featureGates: { ControlPlaneKubeletLocalMode: true } }), 'https://192.0.2.10:6443');
  t.is(await kubeletServer({}), 'https://192.0.2.10:6443', 'the default version');
});

test('a second run reuses every file: same bytes and mtimes', async (t) => {
  const dir = await copyTree(pristine);
  const before = await snapshot(dir);
  const { out } = await kubeconfig(dir, { now: new Date(NOW.getTime() + 86_400_000) });
  t.deepEqual(await snapshot(dir), before);
  for (const f of FILES) t.true(out().includes(`[kubeconfig] Using existing kubeconfig file: "${join(dir, f)}"\n`), f);
});

interface Mismatch {
  title: string;
  change?: (dir: string) => Promise<void>;
  patch?: DeepPartial<Config>;
  now?: Date;
  only?: string;
  code?: ErrorCode;
  message: RegExp;
}

const mismatch = test.macro<[Mismatch]>({
  async exec(t, c) {
    const dir = await copyTree(pristine);
    await c.change?.(dir);
    const before = await snapshot(dir);
    const e = await t.throwsAsync(kubeconfig(dir, { patch: c.patch, now: c.now, only: c.only }), { instanceOf: MinikubeadmError });
    t.is(e?.code, c.code ?? 'KUBECONFIG_INVALID');
    t.regex(e!.message, c.message);
    t.regex(e!.hint!, /left untouched/);
    t.deepEqual(await snapshot(dir), before, 'nothing was replaced');
  },
  title: (_, c) => `reported, not replaced: ${c.title}`,
});

test(mismatch, {
  title: 'the cluster CA changed',
  change: async (dir) => {
    for (const f of ['ca.crt', 'ca.key']) await copyFile(join(otherCA, 'pki', f), join(dir, 'pki', f));
  },
  message: /kubeconfig\/admin: existing kubeconfig file .*admin\.conf has a different CA certificate than .*pki\/ca\.crt/,
});
test(mismatch, {
  title: 'the server moved',
  patch: { init: { localAPIEndpoint: { advertiseAddress: '192.0.2.99' } } },
  message: /admin\.conf points at server "https:\/\/192\.0\.2\.10:6443", expected "https:\/\/192\.0\.2\.99:6443"$/,
});
test(mismatch, {
  title: 'the user identity is not the expected one',
  only: 'kubeconfig/kubelet',
  patch: { init: { nodeRegistration: { name: 'node-2' } } },
  message: /kubelet\.conf has a client certificate that has CommonName "system:node:node-1", expected "system:node:node-2"$/,
});
test(mismatch, {
  title: 'the admin client certificate is in the wrong group',
  change: async (dir) => {
    const admin = parseKubeconfig(await readFile(join(dir, 'admin.conf'), 'utf8'), 'admin.conf');
    const superAdmin = parseKubeconfig(await readFile(join(dir, 'super-admin.conf'), 'utf8'), 'super-admin.conf');
    admin.users[0]!.user = superAdmin.users[0]!.user;
    await writeFile(join(dir, 'admin.conf'), serializeKubeconfig(admin), { mode: 0o600 });
  },
  message: /admin\.conf has a client certificate that has CommonName "kubernetes-super-admin", expected "kubernetes-admin"; has Organization \[system:masters\], expected \[kubeadm:cluster-admins\]$/,
});
test(mismatch, {
  title: 'the embedded key is not the certificate key',
  change: async (dir) => {
    const admin = parseKubeconfig(await readFile(join(dir, 'admin.conf'), 'utf8'), 'admin.conf');
    const other = parseKubeconfig(await readFile(join(dir, 'scheduler.conf'), 'utf8'), 'scheduler.conf');
    admin.users[0]!.user['client-key-data'] = other.users[0]!.user['client-key-data'];
    await writeFile(join(dir, 'admin.conf'), serializeKubeconfig(admin), { mode: 0o600 });
  },
  message: /admin\.conf has a client certificate that does not match the private key in .*admin\.conf \(client-key-data\)$/,
});
test(mismatch, {
  title: 'the client certificate has expired',
  now: new Date(NOW.getTime() + 2 * YEAR),
  message: /admin\.conf has a client certificate that has expired \(NotAfter 2031-01-01T00:00:00Z/,
});
test(mismatch, {
  title: 'the file is not a kubeconfig',
  change: (dir) => writeFile(join(dir, 'scheduler.conf'), '{{{ not yaml'),
  message: /kubeconfig\/scheduler: kubeconfig file .*scheduler\.conf is not valid YAML/,
});

test('a config that switches the algorithm is reported on the existing client key, nothing replaced', async (t) => {
  const dir = await copyTree(pristine);
  const before = await snapshot(dir);
  const e = await t.throwsAsync(kubeconfig(dir, { patch: { cluster: { encryptionAlgorithm: 'ECDSA-P256' } }, only: 'kubeconfig/admin' }), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PKI_INVALID');
  t.regex(e!.message, /admin\.conf \(client-key-data\) holds an RSA-2048 key, but ClusterConfiguration\.encryptionAlgorithm is ECDSA-P256/);
  t.regex(e!.hint!, /set encryptionAlgorithm: RSA-2048 to keep this PKI/);
  t.deepEqual(await snapshot(dir), before);
});

for (const [algorithm, curve] of [['ECDSA-P256', 'prime256v1'], ['ECDSA-P384', 'secp384r1']] as const) {
  test(`${algorithm}: every kubeconfig gets an EC client key on ${curve} (SEC1 PEM), signed by the EC CA`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'mka-kubeconfig-ec-'));
    const patch = { cluster: { encryptionAlgorithm: algorithm } };
    const tc = await testContext(patch, { dir, now: () => NOW });
    await runPhases([certsPhase, kubeconfigPhase], tc.ctx);
    const ca = parseCertificatePem(await readFile(join(dir, 'pki', 'ca.crt'), 'utf8'), 'ca.crt');
    for (const f of FILES) {
      const file = join(dir, f);
      const { user } = currentOf(parseKubeconfig(await readFile(file, 'utf8'), f), f);
      const keyPem = Buffer.from(String(user.user['client-key-data']), 'base64').toString();
      t.regex(keyPem, /^-----BEGIN EC PRIVATE KEY-----\n/, f);
      t.is(parsePrivateKey(keyPem, f).asymmetricKeyDetails?.namedCurve, curve, f);
      const cert = parseCertificatePem(Buffer.from(String(user.user['client-certificate-data']), 'base64').toString(), f);
      t.true(isSignedBy(cert, ca), f);
      t.false(cert.keyUsage!.keyEncipherment, f);
    }
    const before = await snapshot(dir);
    await kubeconfig(dir, { patch });
    t.deepEqual(await snapshot(dir), before);
  });
}

test('kubelet.conf pointing at the rotated client certificate file (as kubelet-finalize leaves it) is accepted; a missing file is named', async (t) => {
  const dir = await copyTree(pristine);
  const file = join(dir, 'kubelet.conf');
  const kubelet = parseKubeconfig(await readFile(file, 'utf8'), 'kubelet.conf');
  const creds = clientCredentialsOf(kubelet);
  const pem = join(dir, 'kubelet', 'pki', 'kubelet-client-current.pem');
  await mkdir(join(dir, 'kubelet', 'pki'), { recursive: true });
  await writeFile(pem, `${creds.cert!.toString()}${creds.key!.toString()}`, { mode: 0o600 });
  kubelet.users[0]!.user = { 'client-certificate': pem, 'client-key': 'kubelet/pki/kubelet-client-current.pem' };
  await writeFile(file, serializeKubeconfig(kubelet), { mode: 0o600 });
  const before = await snapshot(dir);
  const { out } = await kubeconfig(dir, { only: 'kubeconfig/kubelet' });
  t.true(out().includes(`[kubeconfig] Using existing kubeconfig file: "${file}"`));
  t.deepEqual(await snapshot(dir), before);
  await unlink(pem);
  const e = await t.throwsAsync(kubeconfig(dir, { only: 'kubeconfig/kubelet' }), { instanceOf: MinikubeadmError });
  t.regex(e!.message, /kubelet\.conf refers to client-certificate .*kubelet-client-current\.pem, which does not exist$/);
});

test('external CA mode: without ca.key existing files are checked and used; a missing file is named', async (t) => {
  const dir = await copyTree(pristine);
  await unlink(join(dir, 'pki', 'ca.key'));
  const before = await snapshot(dir);
  const { out } = await kubeconfig(dir);
  t.deepEqual(await snapshot(dir), before);
  for (const f of FILES) t.true(out().includes(`[kubeconfig] External CA mode: Using user provided ${f}\n`), f);
  await unlink(join(dir, 'kubelet.conf'));
  const e = await t.throwsAsync(kubeconfig(dir), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PKI_MISSING');
  t.regex(e!.message, /kubeconfig\/kubelet: external CA mode: .*pki\/ca\.key is absent, so .*kubelet\.conf must already exist/);
  t.regex(e!.hint!, /client certificate for "system:node:node-1" signed by .*ca\.crt and server https:\/\/192\.0\.2\.10:6443/);
});

test('dry-run writes no kubeconfig file', async (t) => {
  const dir = await pkiOnly(pristine);
  const before = await snapshot(dir);
  const { ctx, out } = await kubeconfig(dir, { dryRun: true });
  t.deepEqual(await snapshot(dir), before);
  t.deepEqual(ctx.fs.written().map((w) => [w.path, w.mode, w.secret]), FILES.map((f) => [join(dir, f), 0o600, true]));
  t.false(out().includes('client-key-data'));
});

test('without the cluster CA the kubeconfig phase does not start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-kubeconfig-none-'));
  const e = await t.throwsAsync(kubeconfig(dir), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PHASE_DEPENDENCY');
  t.regex(e!.message, /phase "kubeconfig\/admin" needs the cluster CA .*produced by phase "certs\/ca"/);
  t.deepEqual(await readdir(dir), []);
});

test("kubelet.conf's rotated certificate file keeps the key type the kubelet chose (ECDSA-P256 in an RSA cluster)", async (t) => {
  const dir = await copyTree(pristine);
  const file = join(dir, 'kubelet.conf');
  const ca = { cert: parseCertificatePem(await readFile(join(dir, 'pki', 'ca.crt'), 'utf8'), 'ca.crt'), key: parsePrivateKey(await readFile(join(dir, 'pki', 'ca.key'), 'utf8'), 'ca.key') };
  const kubelet = parseKubeconfig(await readFile(file, 'utf8'), 'kubelet.conf');
  const subject = parseCertificatePem(clientCredentialsOf(kubelet).cert!.toString(), 'kubelet.conf').subject;
  // What the controller-manager issues for the kubelet's own CSR: its key, the cluster CA's signature.
  const issued = await createClientCertificate(ca, subject, await generateKey(keySpecFor('ECDSA-P256')), { notBefore: new Date(NOW.getTime() - 3_600_000), notAfter: new Date(NOW.getTime() + YEAR) });
  const pem = join(dir, 'kubelet', 'pki', 'kubelet-client-current.pem');
  await mkdir(join(dir, 'kubelet', 'pki'), { recursive: true });
  await writeFile(pem, `${issued.cert.pem}${issued.keyPem}`, { mode: 0o600 });
  kubelet.users[0]!.user = { 'client-certificate': pem, 'client-key': pem };
  await writeFile(file, serializeKubeconfig(kubelet), { mode: 0o600 });
  const before = await snapshot(dir);
  const { out } = await kubeconfig(dir, { only: 'kubeconfig/kubelet' });
  t.true(out().includes(`[kubeconfig] Using existing kubeconfig file: "${file}"`));
  t.deepEqual(await snapshot(dir), before);
});
