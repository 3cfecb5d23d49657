// What "a second init changes nothing" is checked against: every file under the node's dirs (bytes,
// mode, mtime) and every cluster object init creates (resourceVersion, generation, and when
// minikubeadm last wrote it according to managedFields).
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InitCluster } from './cluster.js';

export interface FileState {
  sha256: string;
  mode: number;
  mtimeMs: number;
}

/** Every file under `root` (or only the named top-level entries of it). */
export async function snapshotFiles(root: string, only?: readonly string[]): Promise<Record<string, FileState>> {
  const out: Record<string, FileState> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (dir === root && only && !only.includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const s = await stat(path);
        out[path] = { sha256: createHash('sha256').update(await readFile(path)).digest('hex'), mode: s.mode & 0o7777, mtimeMs: s.mtimeMs };
      }
    }
  };
  await walk(root);
  return out;
}

/** Every object `minikubeadm init` creates or changes, as `kubectl get` arguments. */
export const INIT_OBJECTS: readonly (readonly string[])[] = [
  ['-n', 'kube-system', 'configmap', 'kubeadm-config'],
  ['-n', 'kube-system', 'configmap', 'kubelet-config'],
  ['-n', 'kube-system', 'role', 'kubeadm:nodes-kubeadm-config'],
  ['-n', 'kube-system', 'rolebinding', 'kubeadm:nodes-kubeadm-config'],
  ['-n', 'kube-system', 'role', 'kubeadm:kubelet-config'],
  ['-n', 'kube-system', 'rolebinding', 'kubeadm:kubelet-config'],
  ['-n', 'kube-system', 'secret'],
  ['clusterrole', 'kubeadm:get-nodes'],
  ['clusterrolebinding', 'kubeadm:get-nodes'],
  ['clusterrolebinding', 'kubeadm:kubelet-bootstrap'],
  ['clusterrolebinding', 'kubeadm:node-autoapprove-bootstrap'],
  ['clusterrolebinding', 'kubeadm:node-autoapprove-certificate-rotation'],
  // kubeadm 1.37 (the default version): the API server's kubelet client, bound to system:kubelet-api-admin.
  ['clusterrolebinding', 'kubeadm:apiserver-kubelet-client'],
  ['clusterrolebinding', 'kubeadm:cluster-admins'],
  ['-n', 'kube-public', 'configmap', 'cluster-info'],
  ['-n', 'kube-public', 'role', 'kubeadm:bootstrap-signer-clusterinfo'],
  ['-n', 'kube-public', 'rolebinding', 'kubeadm:bootstrap-signer-clusterinfo'],
  ['-n', 'kube-system', 'configmap', 'coredns'],
  ['clusterrole', 'system:coredns'],
  ['clusterrolebinding', 'system:coredns'],
  ['-n', 'kube-system', 'serviceaccount', 'coredns'],
  ['-n', 'kube-system', 'deployment', 'coredns'],
  ['-n', 'kube-system', 'service', 'kube-dns'],
  ['-n', 'kube-system', 'serviceaccount', 'kube-proxy'],
  ['clusterrolebinding', 'kubeadm:node-proxier'],
  ['-n', 'kube-system', 'role', 'kube-proxy'],
  ['-n', 'kube-system', 'rolebinding', 'kube-proxy'],
  ['-n', 'kube-system', 'configmap', 'kube-proxy'],
  ['-n', 'kube-system', 'daemonset', 'kube-proxy'],
  ['node', 'cp-1'],
];

interface Meta {
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion: string; generation?: number; managedFields?: { manager: string; time: string }[] };
}

export interface ObjectState {
  resourceVersion: string;
  generation: number | undefined;
  /** Latest managedFields time of the manager "minikubeadm" (the client's user agent). */
  lastWrittenByUs: string | undefined;
}

/**
 * kubectl 1.21+ hides managedFields unless asked (--show-managed-fields); 1.20 (Debian's
 * kubernetes-client) shows them always and does not know the flag.
 */
export async function managedFieldsFlag(cluster: InitCluster): Promise<string[]> {
  const help = await cluster.kubectl(['get', '--help']);
  return help.stdout.includes('--show-managed-fields') ? ['--show-managed-fields'] : [];
}

export async function snapshotObjects(cluster: InitCluster, tokenSecret: string): Promise<Record<string, ObjectState>> {
  const out: Record<string, ObjectState> = {};
  const flag = await managedFieldsFlag(cluster);
  for (const args of INIT_OBJECTS) {
    const spec = args[args.length - 1] === 'secret' ? [...args, tokenSecret] : args;
    const o = await cluster.getJson<Meta>([...spec, ...flag]);
    const ours = (o.metadata.managedFields ?? []).filter((f) => f.manager === 'minikubeadm').map((f) => f.time).sort();
    out[spec.join(' ')] = { resourceVersion: o.metadata.resourceVersion, generation: o.metadata.generation, lastWrittenByUs: ours.at(-1) };
  }
  return out;
}
