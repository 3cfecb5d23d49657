/**
 * The kubeconfig inside kube-public/cluster-info: one cluster named "" (the server and CA of
 * admin.conf's current cluster, CA embedded) and no users or contexts, byte for byte as client-go's
 * clientcmd.Write emits it. Joining nodes read it anonymously and check the bootstrapsigner's JWS
 * over exactly this text.
 */
import { MinikubeadmError } from '../errors.js';
import { type Kubeconfig, currentCluster, parseKubeconfig } from './kubeconfig.js';
export interface ClusterInfoEntry {
  server: string;
  /** The CA certificate PEM. */
  caPem: string;
}

export function clusterInfoKubeconfig(entry: ClusterInfoEntry): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(entry.caPem, 'utf8').toString('base64')}`,
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

/**
 * Read cluster-info's kubeconfig back: its (last) cluster entry, which has no context, with its
 * server and CA. Throws KUBECONFIG_INVALID naming `source` when there is none.
 */
export async function readClusterInfo(text: string, source: string): Promise<{ kubeconfig: Kubeconfig; server: string; caPem: string }> {
  const kubeconfig = parseKubeconfig(text, source);
  const entry = kubeconfig.clusters.at(-1);
  if (!entry) throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig in ${source} has no cluster`, { hint: 'recreate cluster-info on the control plane with `minikubeadm init phase bootstrap-token`' });
  const withContext: Kubeconfig = {
    ...kubeconfig,
    contexts: [{ name: 'cluster-info', context: { cluster: entry.name, user: 'cluster-info' } }],
    users: [{ name: 'cluster-info', user: {} }],
    'current-context': 'cluster-info',
  };
  const current = await currentCluster(withContext, source, async () => undefined);
  return { kubeconfig, server: current.server, caPem: current.caPem };
}
