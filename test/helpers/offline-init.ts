/**
 * The offline half of `init` through the real CLI into a temporary tree, and a full consistency
 * check of what it wrote: every certificate matches its key and is signed by its CA, every
 * kubeconfig holds the cluster CA and a client certificate it signed, matching its key, and no
 * temporary, journal or lock file is left anywhere.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { CLI } from './cli.js';

export const ONLINE_PHASES = 'preflight,kubelet-start,wait-kubelet,upload-config,upload-certs,mark-master,bootstrap-token,kubelet-finalize,addons,show-join-command';

/** ECDSA keys: the same phases as RSA, ten times faster to generate (these tests run many inits). */
export const FAST_CONFIG = [
  'apiVersion: kubeadm.k8s.io/v1beta4',
  'kind: InitConfiguration',
  'localAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}',
  'nodeRegistration: {name: cp-1}',
  '---',
  'apiVersion: kubeadm.k8s.io/v1beta4',
  'kind: ClusterConfiguration',
  'encryptionAlgorithm: ECDSA-P256',
  '',
].join('\n');

/** The argv of an offline init into `dir` (config at dir/cluster.yaml, tree at dir/k, kubelet files at dir/kubelet). */
export async function offlineInitArgs(dir: string, config = FAST_CONFIG): Promise<string[]> {
  const file = join(dir, 'cluster.yaml');
  await writeFile(file, config);
  return [CLI, 'init', '--config', file, '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet'), '--skip-phases', ONLINE_PHASES];
}

/** Every file under `dir`, recursively (none when it does not exist). */
export async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(dir);
  return out;
}

/** Names this tool uses for temporaries, journals and locks. */
export const LEFTOVER = /(\.tmp|\.swap-new|\.swap|\.swap\.new|\.lock|\.lock\.\d+\.new)$/;

/** Every problem with the tree under `root` (empty when it is consistent). */
export async function consistencyProblems(root: string): Promise<string[]> {
  const problems: string[] = [];
  const all = await files(root);
  for (const f of all) if (LEFTOVER.test(f)) problems.push(`leftover ${relative(root, f)}`);
  const pki = join(root, 'k', 'pki');
  const cert = async (p: string): Promise<X509Certificate> => new X509Certificate(await readFile(p));
  const issuers: Record<string, string> = { 'etcd/ca': 'etcd/ca', ca: 'ca', 'front-proxy-ca': 'front-proxy-ca', apiserver: 'ca', 'apiserver-kubelet-client': 'ca', 'front-proxy-client': 'front-proxy-ca', 'etcd/server': 'etcd/ca', 'etcd/peer': 'etcd/ca', 'etcd/healthcheck-client': 'etcd/ca', 'apiserver-etcd-client': 'etcd/ca' };
  for (const [name, ca] of Object.entries(issuers)) {
    try {
      const c = await cert(join(pki, `${name}.crt`));
      const key = createPrivateKey(await readFile(join(pki, `${name}.key`)));
      if (!c.checkPrivateKey(key)) problems.push(`${name}.crt does not match ${name}.key`);
      if (!c.verify((await cert(join(pki, `${ca}.crt`))).publicKey)) problems.push(`${name}.crt is not signed by ${ca}.crt`);
      if (new Date(c.validTo) <= new Date()) problems.push(`${name}.crt has expired`);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  try {
    const saPub = createPublicKey(await readFile(join(pki, 'sa.pub')));
    const saKey = createPublicKey(createPrivateKey(await readFile(join(pki, 'sa.key'))));
    if (!saPub.export({ type: 'spki', format: 'der' }).equals(saKey.export({ type: 'spki', format: 'der' }))) problems.push('sa.pub is not the public key of sa.key');
  } catch (e) {
    problems.push(`sa: ${(e as Error).message}`);
  }
  const caDer = await readFile(join(pki, 'ca.crt')).then((b) => new X509Certificate(b).raw, () => undefined);
  for (const name of ['admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf']) {
    try {
      const kc = parse(await readFile(join(root, 'k', name), 'utf8')) as {
        clusters: { cluster: Record<string, string> }[];
        users: { user: Record<string, string> }[];
      };
      const ca = new X509Certificate(Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data']!, 'base64'));
      if (!caDer || !ca.raw.equals(caDer)) problems.push(`${name} does not hold ca.crt`);
      const client = new X509Certificate(Buffer.from(kc.users[0]!.user['client-certificate-data']!, 'base64'));
      const key = createPrivateKey(Buffer.from(kc.users[0]!.user['client-key-data']!, 'base64'));
      if (!client.checkPrivateKey(key)) problems.push(`${name}: client certificate does not match its key`);
      if (!client.verify(ca.publicKey)) problems.push(`${name}: client certificate is not signed by the CA`);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  return problems;
}
