/**
 * kube-public/cluster-info: a kubeconfig with one cluster named "" (the server and CA of admin.conf's
 * current cluster, CA embedded) and no users or contexts, written the way client-go serializes it.
 * Joining nodes read it anonymously and check the bootstrapsigner's JWS over exactly this text.
 */
import { parse } from 'yaml';
import { MinikubeadmError } from '../errors.js';
import type { KubeObject } from './types.js';

export const CLUSTER_INFO_NAMESPACE = 'kube-public';
export const CLUSTER_INFO_NAME = 'cluster-info';
export const CLUSTER_INFO_KEY = 'kubeconfig';

export interface ClusterEntry {
  server: string;
  /** Base64 PEM of the CA, as in certificate-authority-data. */
  caData: string;
}

interface KubeconfigDoc {
  'current-context'?: string;
  contexts?: { name?: string; context?: { cluster?: string } }[];
  clusters?: { name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }[];
}

/**
 * The current context's cluster of a kubeconfig. A CA given as a file is read with `readFile` and
 * embedded, as kubeadm flattens the config.
 */
export async function currentCluster(text: string, source: string, readFile: (path: string) => Promise<Buffer | undefined>): Promise<ClusterEntry> {
  const bad = (what: string): MinikubeadmError =>
    new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${source}": ${what}`, {
      hint: 'regenerate it with `minikubeadm init phase kubeconfig admin`',
    });
  let doc: KubeconfigDoc;
  try {
    doc = (parse(text) ?? {}) as KubeconfigDoc;
  } catch (e) {
    throw bad(`not valid YAML (${(e as Error).message})`);
  }
  const ctxName = doc['current-context'];
  if (!ctxName) throw bad('current-context is not set');
  const clusterName = doc.contexts?.find((c) => c.name === ctxName)?.context?.cluster;
  if (clusterName === undefined) throw bad(`context "${ctxName}" is missing or names no cluster`);
  const cluster = doc.clusters?.find((c) => c.name === clusterName)?.cluster;
  if (!cluster?.server) throw bad(`cluster "${clusterName}" is missing or has no server`);
  let caData = cluster['certificate-authority-data'];
  if (!caData && cluster['certificate-authority']) {
    const pem = await readFile(cluster['certificate-authority']);
    if (!pem) throw bad(`its certificate-authority file "${cluster['certificate-authority']}" does not exist`);
    caData = pem.toString('base64');
  }
  if (!caData) throw bad(`cluster "${clusterName}" has no certificate authority`);
  return { server: cluster.server, caData };
}

/** The kubeconfig text of cluster-info, byte for byte as client-go's clientcmd.Write emits it. */
export function clusterInfoKubeconfig(entry: ClusterEntry): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${entry.caData}`,
    `    server: ${entry.server}`,
    '  name: ""',
    'contexts: null',
    'current-context: ""',
    'kind: Config',
    'preferences: {}',
    'users: null',
    '',
  ].join('\n');
}

export function clusterInfoConfigMap(kubeconfig: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CLUSTER_INFO_NAME, namespace: CLUSTER_INFO_NAMESPACE },
    data: { [CLUSTER_INFO_KEY]: kubeconfig },
  };
}
