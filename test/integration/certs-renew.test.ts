/**
 * certs renew with real openssl, on a PKI written by kubeadm v1.20.2 and on one made by openssl:
 * every certificate and kubeconfig client certificate gets a new key and fingerprint, keeps its
 * subject, SANs, extended key usages and issuer, verifies against its CA, and lasts the validity
 * asked for; the replaced files sit byte for byte in the backup; CAs and everything else are left
 * alone; kubeadm v1.20.2 itself reads the renewed tree. An external CA is refused with a hint.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test, { type ExecutionContext } from 'ava';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { KUBEADM, kubeadmTree, withKubeadm } from '../helpers/kubeadm-tree.js';
import { LEAVES, certFacts, embedded, opensslPki, publicKeyOf, verifies, type CertFacts } from '../helpers/openssl-pki.js';
import { snapshot } from '../helpers/pki.js';

const exec = promisify(execFile);
const HOUR = 3_600_000;
const NO_CLUSTER = ['--kubeconfig', '/nonexistent/admin.conf'];

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-renew-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const CA_OF: Record<string, string> = { ca: 'ca.crt', 'front-proxy-ca': 'front-proxy-ca.crt', 'etcd/ca': 'etcd/ca.crt' };

interface Entry {
  name: string;
  cert: string;
  key: string;
  ca: string;
}

/** Every renewable certificate of the tree as a cert/key file pair (kubeconfigs' extracted into `work`). */
async function entries(dir: string, kubeconfigs: readonly string[], work: string): Promise<Entry[]> {
  await mkdir(work, { recursive: true });
  const out: Entry[] = LEAVES.map((l) => ({ name: l.name, cert: join(dir, 'pki', `${l.base}.crt`), key: join(dir, 'pki', `${l.base}.key`), ca: join(dir, 'pki', CA_OF[l.ca]!) }));
  for (const file of kubeconfigs) {
    const e = await embedded(join(dir, file));
    const cert = join(work, `${file}.crt`);
    const key = join(work, `${file}.key`);
    await writeFile(cert, e.cert);
    await writeFile(key, e.key);
    out.push({ name: file, cert, key, ca: join(dir, 'pki', 'ca.crt') });
  }
  return out;
}

async function facts(list: readonly Entry[]): Promise<Map<string, CertFacts>> {
  return new Map(await Promise.all(list.map(async (e) => [e.name, await certFacts(e.cert)] as const)));
}

/** Renew all, then check every property of the issue against openssl. */
async function renewAndCheck(t: ExecutionContext, dir: string, kubeconfigs: readonly string[]): Promise<void> {
  const before = await facts(await entries(dir, kubeconfigs, join(dir, '.before')));
  const files = await snapshot(dir);
  const kubeconfigYaml = new Map(await Promise.all(kubeconfigs.map(async (f) => [f, parse(await readFile(join(dir, f), 'utf8')) as Record<string, unknown>] as const)));

  const r = await runCli(['certs', 'renew', 'all', '--kubernetes-dir', dir, '--validity-period', '720h', ...NO_CLUSTER]);
  t.is(r.exitCode, 0, r.stderr + r.stdout);
  t.regex(r.stdout, /^certificate for serving the Kubernetes API renewed$/m);
  t.regex(r.stdout, /^certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself renewed$/m);
  t.regex(r.stdout, /\n\nDone renewing certificates\. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates\.$/);
  t.regex(r.stdout, /Falling back to default configuration/);

  const now = Date.now();
  const renewed = await entries(dir, kubeconfigs, join(dir, '.after'));
  const after = await facts(renewed);
  for (const e of renewed) {
    const was = before.get(e.name)!;
    const is = after.get(e.name)!;
    t.not(is.fingerprint, was.fingerprint, `${e.name}: a new certificate`);
    t.not(is.publicKey, was.publicKey, `${e.name}: a new key`);
    t.is(is.subject, was.subject, `${e.name}: same subject`);
    t.is(is.issuer, was.issuer, `${e.name}: same issuer`);
    t.is(is.extensions, was.extensions, `${e.name}: same SANs and extended key usages`);
    t.is(await publicKeyOf(e.key), is.publicKey, `${e.name}: the key matches the certificate`);
    t.true(await verifies(e.ca, e.cert), `${e.name}: signed by its CA`);
    t.true(Math.abs(is.notAfter.getTime() - (now + 720 * HOUR)) < 5 * 60_000, `${e.name}: valid for 720h (${is.notAfter.toISOString()})`);
  }

  // The backup holds every replaced file byte for byte; nothing else changed.
  const tmp = await readdir(join(dir, 'tmp'));
  t.is(tmp.length, 1);
  t.regex(tmp[0]!, /^kubeadm-backup-certs-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/);
  const backup = join(dir, 'tmp', tmp[0]!);
  const replaced = [...LEAVES.flatMap((l) => [`pki/${l.base}.crt`, `pki/${l.base}.key`]), ...kubeconfigs];
  for (const rel of replaced) t.deepEqual(await readFile(join(backup, rel)), files.get(rel)!.bytes, `${rel} is in the backup`);
  const now2 = await snapshot(dir);
  for (const [rel, state] of files) {
    if (replaced.includes(rel) || rel.startsWith('.')) continue;
    t.deepEqual(now2.get(rel)?.bytes, state.bytes, `${rel} is untouched`);
  }
  // A kubeconfig keeps everything but its client credentials.
  for (const [file, was] of kubeconfigYaml) {
    const is = parse(await readFile(join(dir, file), 'utf8')) as Record<string, unknown>;
    t.deepEqual(is['clusters'], was['clusters'], `${file}: same server and CA`);
    t.deepEqual(is['contexts'], was['contexts']);
    t.is(is['current-context'], was['current-context']);
    const { stdout } = await exec('kubectl', ['--kubeconfig', join(dir, file), 'config', 'view', '--raw', '-o', 'jsonpath={.users[0].name}']);
    t.is(stdout, (was['users'] as { name: string }[])[0]!.name, `${file}: kubectl reads it`);
  }
}

withKubeadm('certs-renew', 'renew on a tree written by kubeadm v1.20.2; kubeadm v1.20.2 reads the renewed tree', async (t) => {
  const dir = await tempDir(t);
  await kubeadmTree(dir);
  await renewAndCheck(t, dir, ['admin.conf', 'controller-manager.conf', 'scheduler.conf']);
  const kubelet = await runCli(['certs', 'check-expiration', '--kubernetes-dir', dir]);
  t.regex(kubelet.stdout, /^kubelet\.conf +.* 364d +ca +no {6}$/m, 'kubelet.conf is the kubelet\'s: not renewed');
  if (process.getuid?.() !== 0) return t.log('not asking kubeadm v1.20.2 to read the renewed tree: that needs root');
  await exec('mkdir', ['-p', join(dir, 'ovl', 'u'), join(dir, 'ovl', 'w')]);
  const script = `mount -t overlay overlay -o lowerdir=/etc,upperdir=${dir}/ovl/u,workdir=${dir}/ovl/w /etc && mkdir -p /etc/kubernetes && mount --bind ${dir} /etc/kubernetes && exec ${KUBEADM} certs check-expiration --cert-dir ${dir}/pki`;
  const real = (await exec('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { timeout: 60_000 })).stdout;
  for (const name of [...LEAVES.map((l) => l.name), 'admin.conf', 'controller-manager.conf', 'scheduler.conf']) t.regex(real, new RegExp(`^${name} +\\w{3} \\d\\d, \\d{4} \\d\\d:\\d\\d UTC +29d `, 'm'), `kubeadm reads the renewed ${name}`);
});

test('renew on a PKI made by openssl', async (t) => {
  const dir = await tempDir(t);
  await opensslPki(dir);
  await renewAndCheck(t, dir, ['admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf']);
});

test('--dry-run says what would change and changes nothing', async (t) => {
  const dir = await tempDir(t);
  await opensslPki(dir);
  const before = await snapshot(dir);
  const r = await runCli(['certs', 'renew', 'all', '--kubernetes-dir', dir, '--dry-run', ...NO_CLUSTER]);
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /^\[dryrun\] Would renew certificate for serving the Kubernetes API: a new key and a certificate valid until \w{3} \d\d, \d{4} \d\d:\d\d UTC \(now .*\), replacing .*apiserver\.crt and .*apiserver\.key$/m);
  t.notRegex(r.stdout, /Done renewing/);
  t.deepEqual(await snapshot(dir), before);
});

test('an external CA (no ca.key) is refused for what it signs, with a hint; the other CAs\' certificates are renewed', async (t) => {
  const dir = await tempDir(t);
  await opensslPki(dir);
  await unlink(join(dir, 'pki', 'ca.key'));
  const before = await certFacts(join(dir, 'pki', 'apiserver.crt'));
  const proxyBefore = await certFacts(join(dir, 'pki', 'front-proxy-client.crt'));
  const r = await runCli(['certs', 'renew', 'all', '--kubernetes-dir', dir, ...NO_CLUSTER]);
  t.is(r.exitCode, 1);
  t.regex(r.stdout, /^Detected external ca, certificate for serving the Kubernetes API can't be renewed$/m);
  t.regex(r.stdout, /^Detected external ca, certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself can't be renewed$/m);
  t.regex(r.stdout, /^certificate for the front proxy client renewed$/m);
  t.regex(r.stderr, /not renewed: admin\.conf, apiserver, apiserver-kubelet-client, controller-manager\.conf, scheduler\.conf, super-admin\.conf: the key of the CA that signs them is absent \(external CA\)/);
  t.regex(r.stderr, /To fix: .*minikubeadm certs generate-csr/);
  t.is((await certFacts(join(dir, 'pki', 'apiserver.crt'))).fingerprint, before.fingerprint);
  t.not((await certFacts(join(dir, 'pki', 'front-proxy-client.crt'))).fingerprint, proxyBefore.fingerprint);
});

test('an expired CA is refused before anything is renewed', async (t) => {
  const dir = await tempDir(t);
  const now = Date.now();
  await opensslPki(dir, { 'front-proxy-ca': { notBefore: new Date(now - 40 * 86_400_000), notAfter: new Date(now - 86_400_000) } });
  const before = await snapshot(dir);
  const r = await runCli(['certs', 'renew', 'all', '--kubernetes-dir', dir, ...NO_CLUSTER]);
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^nothing was renewed: the CA front-proxy-ca \(.*front-proxy-ca\.crt\) expired on /m);
  t.regex(r.stderr, /To fix: certificates cannot outlive the CA that signs them/);
  t.deepEqual(await snapshot(dir), before);
});

test('one certificate: the components to restart; a missing one is reported as kubeadm does', async (t) => {
  const dir = await tempDir(t);
  await opensslPki(dir);
  const one = await runCli(['certs', 'renew', 'scheduler.conf', '--kubernetes-dir', dir, ...NO_CLUSTER]);
  t.is(one.exitCode, 0, one.stderr);
  t.regex(one.stdout, /^certificate embedded in the kubeconfig file for the scheduler manager to use renewed\n.*\n\nDone renewing certificates\. You must restart the kube-scheduler, so that it can use the new certificate\.$/m);
  await unlink(join(dir, 'pki', 'etcd', 'peer.crt'));
  await unlink(join(dir, 'pki', 'etcd', 'peer.key'));
  const missing = await runCli(['certs', 'renew', 'etcd-peer', '--kubernetes-dir', dir, ...NO_CLUSTER]);
  t.is(missing.exitCode, 0);
  t.is(missing.stdout.split('\n').filter((l) => !l.startsWith('[renew]')).join('\n').trim(), 'MISSING! certificate for etcd nodes to communicate with each other');
  const bad = await runCli(['certs', 'renew', 'nosuch', '--kubernetes-dir', dir]);
  t.is(bad.exitCode, 1);
});
