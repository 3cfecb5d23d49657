/**
 * The kubeconfig kube-proxy uses inside its Pod (kube-system/kube-proxy ConfigMap, kubeconfig.conf):
 * the ServiceAccount's token and CA files, the control-plane endpoint; the text kubeadm writes.
 */
export function inClusterKubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    `    server: ${server}`,
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
    '',
  ].join('\n');
}
