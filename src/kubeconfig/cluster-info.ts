/**
 * The kubeconfig inside kube-public/cluster-info: one cluster named "" (the server and CA of
 * admin.conf's current cluster, CA embedded) and no users or contexts, byte for byte as client-go's
 * clientcmd.Write emits it. Joining nodes read it anonymously and check the bootstrapsigner's JWS
 * over exactly this text.
 */
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
