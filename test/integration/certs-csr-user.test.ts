/**
 * certs generate-csr, certs certificate-key and kubeconfig user with real openssl and kubectl: a key
 * and a CSR for every control-plane certificate and kubeconfig with kubeadm's names, subjects and
 * SANs, each CSR signature valid and signable by an external CA; nothing written when any exists;
 * a user's kubeconfig signed by the cluster CA (or with a token) that kubectl reads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test, { type ExecutionContext } from 'ava';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { embedded, openssl, opensslPki, publicKeyOf, verifies } from '../helpers/openssl-pki.js';
import { snapshot } from '../helpers/pki.js';

const exec = promisify(execFile);

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-csr-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const CSRS: [file: string, subject: string, sans?: string][] = [
  ['pki/apiserver', 'CN=kube-apiserver', 'DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:n1, IP Address:10.96.0.1, IP Address:192.0.2.7'],
  // The default version, v1.37: no group (bound to system:kubelet-api-admin instead of kubeadm:cluster-admins).
  ['pki/apiserver-kubelet-client', 'CN=kube-apiserver-kubelet-client'],
  ['pki/front-proxy-client', 'CN=front-proxy-client'],
  ['pki/etcd/server', 'CN=n1', 'DNS:localhost, DNS:n1, IP Address:192.0.2.7, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'],
  ['pki/etcd/peer', 'CN=n1', 'DNS:localhost, DNS:n1, IP Address:192.0.2.7, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'],
  ['pki/etcd/healthcheck-client', 'CN=kube-etcd-healthcheck-client'],
  ['pki/apiserver-etcd-client', 'CN=kube-apiserver-etcd-client'],
  ['admin.conf', 'O=kubeadm:cluster-admins, CN=kubernetes-admin'],
  ['super-admin.conf', 'O=system:masters, CN=kubernetes-super-admin'],
  ['kubelet.conf', 'O=system:nodes, CN=system:node:n1'],
  ['controller-manager.conf', 'CN=system:kube-controller-manager'],
  ['scheduler.conf', 'CN=system:kube-scheduler'],
];

test('generate-csr: a key and a valid CSR for every certificate and kubeconfig, with kubeadm\'s names, subjects and SANs', async (t) => {
  const dir = await tempDir(t);
  const r = await runCli(['certs', 'generate-csr', '--kubeconfig-dir', dir, '--cert-dir', join(dir, 'pki'), '--apiserver-advertise-address', '192.0.2.7', '--node-name', 'n1']);
  t.is(r.exitCode, 0, r.stderr);
  t.true(r.stdout.startsWith(`generating keys and CSRs in ${join(dir, 'pki')}\n  apiserver\n  apiserver-kubelet-client\n  front-proxy-client\n  etcd/server\n`));
  t.regex(r.stdout, new RegExp(`generating keys and CSRs in ${dir}\n  admin.conf\n  super-admin.conf\n  kubelet.conf\n  controller-manager.conf\n  scheduler.conf$`));
  for (const [file, subject, sans] of CSRS) {
    const csr = join(dir, `${file}.csr`);
    const text = await openssl('req', '-in', csr, '-noout', '-verify', '-subject', '-nameopt', 'sep_comma_plus_space', '-text');
    t.regex(text, new RegExp(`subject=${subject}\n`), file);
    if (sans) t.true(text.includes(`X509v3 Subject Alternative Name: \n                    ${sans}`), `${file}: ${text}`);
    else t.false(text.includes('Subject Alternative Name'), `${file} has no SANs`);
    const pub = await openssl('req', '-in', csr, '-noout', '-pubkey');
    if (file.startsWith('pki/')) {
      t.is(pub, await publicKeyOf(join(dir, `${file}.key`)), `${file}.key is the CSR's key`);
      t.is((await stat(join(dir, `${file}.key`))).mode & 0o777, 0o600);
    } else {
      const kc = parse(await readFile(join(dir, file), 'utf8')) as { clusters: { cluster: Record<string, unknown> }[]; users: { user: Record<string, unknown> }[] };
      t.false('certificate-authority-data' in kc.clusters[0]!.cluster, `${file}: the CA is for the CA to fill in`);
      t.false('client-certificate-data' in kc.users[0]!.user);
      const key = join(dir, `${file}.key.pem`);
      await writeFile(key, Buffer.from(String(kc.users[0]!.user['client-key-data']), 'base64'));
      t.is(pub, await publicKeyOf(key), `${file} embeds the CSR's key`);
    }
  }

  // An external CA signs a CSR: the result is what init would have made.
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-subj', '/CN=kubernetes', '-days', '2');
  await writeFile(join(dir, 'ext'), 'subjectAltName=DNS:kubernetes,IP:10.96.0.1\nextendedKeyUsage=serverAuth\n');
  await openssl('x509', '-req', '-in', join(dir, 'pki/apiserver.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-set_serial', '9', '-days', '1', '-extfile', join(dir, 'ext'), '-out', join(dir, 'pki/apiserver.crt'));
  t.true(await verifies(join(dir, 'ca.crt'), join(dir, 'pki/apiserver.crt')));

  const before = await snapshot(dir);
  const again = await runCli(['certs', 'generate-csr', '--kubeconfig-dir', dir, '--cert-dir', join(dir, 'pki'), '--apiserver-advertise-address', '192.0.2.7', '--node-name', 'n1']);
  t.is(again.exitCode, 1);
  t.regex(again.stderr, /^key or CSR already exists: .*apiserver\.key/m);
  t.regex(again.stderr, /nothing was written/);
  t.deepEqual(await snapshot(dir), before);
});

test('certs certificate-key prints 32 random bytes as hex', async (t) => {
  const a = await runCli(['certs', 'certificate-key']);
  const b = await runCli(['certs', 'certificate-key']);
  t.regex(a.stdout, /^[0-9a-f]{64}$/);
  t.not(a.stdout, b.stdout);
});

test('kubeconfig user: a client certificate signed by the cluster CA, or a token; kubectl reads both', async (t) => {
  const dir = await tempDir(t);
  await opensslPki(dir);
  const r = await runCli(['kubeconfig', 'user', '--client-name', 'alice', '--org', 'devs', '--org', 'ops', '--validity-period', '2h', '--kubernetes-dir', dir]);
  t.is(r.exitCode, 0, r.stderr);
  const file = join(dir, 'alice.conf');
  await writeFile(file, `${r.stdout}\n`);
  const view = JSON.parse((await exec('kubectl', ['--kubeconfig', file, 'config', 'view', '--raw', '-o', 'json'])).stdout) as { 'current-context': string; clusters: { name: string; cluster: { server: string } }[] };
  t.is(view['current-context'], 'alice@kubernetes');
  t.is(view.clusters[0]!.cluster.server, 'https://192.0.2.10:6443', "admin.conf's server");
  const e = await embedded(file);
  await writeFile(join(dir, 'alice.crt'), e.cert);
  await writeFile(join(dir, 'alice.key'), e.key);
  t.true(await verifies(join(dir, 'pki', 'ca.crt'), join(dir, 'alice.crt')));
  t.is(e.ca, await readFile(join(dir, 'pki', 'ca.crt'), 'utf8'));
  const info = await openssl('x509', '-in', join(dir, 'alice.crt'), '-noout', '-subject', '-enddate', '-nameopt', 'sep_comma_plus_space', '-ext', 'extendedKeyUsage');
  // One multi-valued RDN, sorted as DER sorts a SET OF: what kubeadm v1.20.2 writes for --org devs --org ops.
  t.regex(info, /subject=O=ops \+ O=devs, CN=alice/);
  t.regex(info, /TLS Web Client Authentication/);
  const notAfter = new Date(/notAfter=(.*)/.exec(info)![1]!);
  t.true(Math.abs(notAfter.getTime() - Date.now() - 2 * 3_600_000) < 120_000);
  t.is(await publicKeyOf(join(dir, 'alice.key')), await openssl('x509', '-in', join(dir, 'alice.crt'), '-noout', '-pubkey'));

  const tok = await runCli(['kubeconfig', 'user', '--client-name', 'bot', '--token', 'abcdef.0123456789abcdef', '--kubernetes-dir', dir]);
  t.is(tok.exitCode, 0, tok.stderr);
  t.regex(tok.stdout, /^ {4}token: abcdef\.0123456789abcdef$/m);
  t.notRegex(tok.stdout, /client-key-data/);

  const noName = await runCli(['kubeconfig', 'user', '--kubernetes-dir', dir]);
  t.is(noName.exitCode, 1);
  t.regex(noName.stderr, /required flag "--client-name" not set/);
  await rm(join(dir, 'pki', 'ca.key'));
  const external = await runCli(['kubeconfig', 'user', '--client-name', 'alice', '--kubernetes-dir', dir]);
  t.is(external.exitCode, 1);
  t.regex(external.stderr, /external CA mode: .*ca\.key is absent/);
});
