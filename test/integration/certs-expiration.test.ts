/**
 * certs check-expiration with real openssl: a PKI made by openssl with certificates that expire at
 * known times (past, within minutes, within days) read back as kubeadm's tables and JSON, the
 * --warn-within exit codes, missing and unreadable files as rows; and a PKI written by real kubeadm
 * v1.20.2 (`init phase certs all`, `kubeconfig all`), every certificate and kubeconfig reported with
 * openssl's dates, and the tables identical to what kubeadm v1.20.2 itself prints for that tree.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { KUBECONFIG_USERS, LEAVES, embedded, notAfterOf, opensslPki, validFor } from '../helpers/openssl-pki.js';
import { KUBEADM, kubeadmTree, withKubeadm } from '../helpers/kubeadm-tree.js';

const exec = promisify(execFile);
const MIN = 60_000;
const DAY = 86_400_000;

/** kubeadm's `Jan 02, 2006 15:04 MST` from openssl's notAfter. */
const tableDate = (d: Date): string =>
  `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')}, ${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;

const rows = (text: string): Map<string, string[]> => new Map(text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').map((l) => [l.split(/\s{3,}/)[0]!, l.split(/\s{3,}/)]));

async function tempDir(t: { teardown: (f: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-expiry-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a PKI expiring at known times: tables, residual times, JSON and the --warn-within exit codes', async (t) => {
  const dir = await tempDir(t);
  const now = new Date();
  await opensslPki(dir, {
    'front-proxy-client': validFor(30 * MIN, now),
    'etcd-peer': validFor(10 * DAY, now),
    'admin.conf': validFor(2 * 60 * MIN + 30_000, now),
  });
  const args = ['certs', 'check-expiration', '--kubernetes-dir', dir];
  const r = await runCli(args);
  t.is(r.exitCode, 0, r.stderr);
  const table = rows(r.stdout);
  for (const leaf of LEAVES) {
    const cells = table.get(leaf.name)!;
    t.truthy(cells, leaf.name);
    t.is(cells[1], tableDate(await notAfterOf(join(dir, 'pki', `${leaf.base}.crt`))), `${leaf.name}: the date openssl reads`);
    t.is(cells[4], 'no');
  }
  t.deepEqual(table.get('front-proxy-client')!.slice(2, 4), ['29m', 'front-proxy-ca']);
  t.deepEqual(table.get('etcd-peer')!.slice(2, 4), ['9d', 'etcd-ca']);
  t.deepEqual(table.get('admin.conf')!.slice(2, 4), ['2h', 'ca']);
  t.deepEqual(table.get('apiserver')!.slice(2, 4), ['364d', 'ca']);
  t.deepEqual(table.get('ca')!.slice(2), ['9y', 'no']);
  for (const u of KUBECONFIG_USERS.filter((u) => u.file !== 'kubelet.conf')) {
    const pem = join(dir, `${u.file}.pem`);
    await writeFile(pem, (await embedded(join(dir, u.file))).cert);
    t.is(table.get(u.file)![1], tableDate(await notAfterOf(pem)), u.file);
  }
  t.regex(r.stdout, /^KUBELET CLIENT CERTIFICATE +EXPIRES +RESIDUAL TIME +CERTIFICATE AUTHORITY +ROTATED BY THE KUBELET$/m);
  t.regex(r.stdout, /^kubelet\.conf +\w{3} \d\d, \d{4} \d\d:\d\d UTC +364d +ca +no {6}$/m);

  const json = await runCli([...args, '-o', 'json']);
  t.is(json.exitCode, 0);
  const info = JSON.parse(json.stdout) as { kind: string; apiVersion: string; certificates: Record<string, unknown>[]; certificateAuthorities: Record<string, unknown>[] };
  t.is(info.kind, 'CertificateExpirationInfo');
  t.is(info.apiVersion, 'output.kubeadm.k8s.io/v1alpha3');
  const fpc = info.certificates.find((c) => c['name'] === 'front-proxy-client')!;
  t.deepEqual(Object.keys(fpc), ['name', 'expirationDate', 'residualTime', 'externallyManaged', 'caName', 'missing']);
  t.is(fpc['expirationDate'], (await notAfterOf(join(dir, 'pki', 'front-proxy-client.crt'))).toISOString().replace('.000', ''));
  t.true(Math.abs((fpc['residualTime'] as number) - 30 * 60) < 120, `residualTime is in seconds: ${String(fpc['residualTime'])}`);
  t.deepEqual(info.certificateAuthorities.map((c) => c['name']), ['ca', 'etcd-ca', 'front-proxy-ca']);
  t.false('caName' in info.certificateAuthorities[0]!);
  const yaml = await runCli([...args, '-o', 'yaml']);
  t.regex(yaml.stdout, /^kind: CertificateExpirationInfo$/m);
  t.regex(yaml.stdout, /^- caName: front-proxy-ca\n {2}expirationDate: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/m);

  const inside = await runCli([...args, '--warn-within', '10m']);
  t.is(inside.exitCode, 0, 'nothing expires within 10 minutes');
  const soon = await runCli([...args, '--warn-within', '1h']);
  t.is(soon.exitCode, 2, 'front-proxy-client expires within the hour');
  t.regex(soon.stderr, /expiring within 1h: front-proxy-client$/m);
  t.is((await runCli([...args, '--warn-within', '240h', '-o', 'json'])).exitCode, 2);
  t.is((await runCli([...args, '--warn-within', 'soon'])).exitCode, 1, 'a bad duration is a usage error');

  // An expired certificate (openssl: valid until two days ago) wins over the expiring ones.
  await opensslPki(join(dir, 'expired'), { apiserver: { notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() - 2 * DAY) } });
  const expired = await runCli(['certs', 'check-expiration', '--kubernetes-dir', join(dir, 'expired'), '--warn-within', '1h']);
  t.is(expired.exitCode, 3);
  t.deepEqual(rows(expired.stdout).get('apiserver')!.slice(2, 4), ['<invalid>', 'ca']);
  t.regex(expired.stderr, /expired or unreadable: apiserver/);
});

test('missing and unreadable files are rows that say so; a CA without its key is externally managed', async (t) => {
  const dir = await tempDir(t);
  await opensslPki(dir);
  await unlink(join(dir, 'scheduler.conf'));
  await unlink(join(dir, 'pki', 'etcd', 'peer.crt'));
  await writeFile(join(dir, 'controller-manager.conf'), 'not: [a kubeconfig');
  await writeFile(join(dir, 'pki', 'apiserver-etcd-client.crt'), '-----BEGIN CERTIFICATE-----\nnot base64 der\n-----END CERTIFICATE-----\n');
  await unlink(join(dir, 'pki', 'front-proxy-ca.key'));
  const r = await runCli(['certs', 'check-expiration', '--kubernetes-dir', dir]);
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /^!MISSING! scheduler\.conf {10,}$/m);
  t.regex(r.stdout, /^!MISSING! etcd-peer {10,}$/m);
  t.regex(r.stdout, /^!UNREADABLE! controller-manager\.conf {10,}$/m);
  t.regex(r.stdout, /^!UNREADABLE! apiserver-etcd-client {10,}$/m);
  t.regex(r.stderr, /^\[check-expiration\] WARNING: controller-manager\.conf: kubeconfig file .*controller-manager\.conf is not valid YAML/m);
  t.regex(r.stdout, /^front-proxy-client +.* +front-proxy-ca +yes {5}$/m);
  t.regex(r.stdout, /^front-proxy-ca +.* +9y +yes {5}$/m);
  t.regex(r.stdout, /^apiserver +.* +ca +no {6}$/m);
  const json = JSON.parse((await runCli(['certs', 'check-expiration', '--kubernetes-dir', dir, '-o', 'json'])).stdout) as { certificates: Record<string, unknown>[] };
  t.deepEqual(json.certificates.find((c) => c['name'] === 'scheduler.conf'), { name: 'scheduler.conf', expirationDate: null, residualTime: 0, externallyManaged: false, caName: 'ca', missing: true });
  t.regex(String(json.certificates.find((c) => c['name'] === 'apiserver-etcd-client')!['error']), /not a readable X\.509 certificate/);
  t.is((await runCli(['certs', 'check-expiration', '--kubernetes-dir', dir, '--warn-within', '1h'])).exitCode, 3, 'an unreadable certificate counts as expired');
});

withKubeadm('certs-expiration', 'a tree written by kubeadm v1.20.2: every certificate and kubeconfig, with the dates openssl reads', async (t) => {
  const dir = await tempDir(t);
  await kubeadmTree(dir);
  const r = await runCli(['certs', 'check-expiration', '--kubernetes-dir', dir]);
  t.is(r.exitCode, 0, r.stderr);
  const table = rows(r.stdout);
  const names = [...table.keys()];
  t.deepEqual(names.slice(0, names.indexOf('CERTIFICATE AUTHORITY')), [
    'CERTIFICATE', 'admin.conf', 'apiserver', 'apiserver-etcd-client', 'apiserver-kubelet-client', 'controller-manager.conf', 'etcd-healthcheck-client', 'etcd-peer', 'etcd-server', 'front-proxy-client', 'scheduler.conf',
  ], 'no super-admin.conf row: before v1.29 admin.conf was the system:masters identity');
  for (const leaf of LEAVES) t.is(table.get(leaf.name)![1], tableDate(await notAfterOf(join(dir, 'pki', `${leaf.base}.crt`))), leaf.name);
  for (const file of ['admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf']) {
    const pem = join(dir, `${file}.pem`);
    await writeFile(pem, (await embedded(join(dir, file))).cert);
    t.is(table.get(file)![1], tableDate(await notAfterOf(pem)), file);
  }
  for (const ca of ['ca', 'front-proxy-ca', 'etcd-ca']) {
    t.is(table.get(ca)![1], tableDate(await notAfterOf(join(dir, 'pki', `${ca === 'etcd-ca' ? 'etcd/ca' : ca}.crt`))), ca);
    t.is(table.get(ca)![2], '9y');
  }

  if (process.getuid?.() !== 0) {
    t.log('not comparing with `kubeadm certs check-expiration` itself: that needs root (it reads /etc/kubernetes, shown to it in a private mount namespace)');
    return;
  }
  // kubeadm v1.20 reads kubeconfig files from /etc/kubernetes only: show it this tree there, in a
  // private mount namespace (an overlay on /etc that nothing outside sees).
  await exec('mkdir', ['-p', join(dir, 'ovl', 'u'), join(dir, 'ovl', 'w')]);
  const script = `mount -t overlay overlay -o lowerdir=/etc,upperdir=${dir}/ovl/u,workdir=${dir}/ovl/w /etc && mkdir -p /etc/kubernetes && mount --bind ${dir} /etc/kubernetes && exec ${KUBEADM} certs check-expiration --cert-dir ${dir}/pki`;
  const real = (await exec('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { timeout: 60_000 })).stdout;
  const theirs = real.slice(real.indexOf('CERTIFICATE '));
  const ours = r.stdout.slice(0, r.stdout.indexOf('\n\nKUBELET CLIENT CERTIFICATE') + 1);
  // v1.20 leaves the CERTIFICATE AUTHORITY column empty for kubeconfig rows; newer kubeadm (and we) print "ca".
  const v120 = ours.replace(/^(\S+\.conf +\S+ \d\d, \d{4} \d\d:\d\d UTC +\S+ +)ca( {22})/gm, (_m, head: string, pad: string) => `${head}  ${pad}`);
  t.is(v120, theirs);
});
