/**
 * Data for the kube-proxy templates (templates/kube-proxy/): the KubeProxyConfiguration (the config
 * file's document with kubeadm's defaults: bind address by the advertise address' family, cluster
 * CIDR from the pod subnet, the in-pod kubeconfig path), the in-cluster kubeconfig naming the
 * control-plane endpoint, and the image.
 */
import type { Config } from '../config/types.js';
import { sortedYaml } from '../kube/upload-config.js';
import { kubernetesImage } from '../manifests/images.js';
import { ipFamily } from '../net/ip.js';

export const KUBE_PROXY_CONFIG_API_VERSION = 'kubeproxy.config.k8s.io/v1alpha1';
export const KUBE_PROXY_KUBECONFIG = '/var/lib/kube-proxy/kubeconfig.conf';
const KIND = 'KubeProxyConfiguration';

export interface KubeProxyConfigResult {
  document: Record<string, unknown>;
  warnings: string[];
}

export function buildKubeProxyConfiguration(config: Config): KubeProxyConfigResult {
  const doc = structuredClone({ ...(config.kubeProxy ?? {}) }) as Record<string, unknown>;
  doc['apiVersion'] = KUBE_PROXY_CONFIG_API_VERSION;
  doc['kind'] = KIND;
  const warnings: string[] = [];
  const warn = (field: string, recommended: unknown, provided: unknown): void => {
    warnings.push(`The recommended value for "${field}" in "${KIND}" is: ${String(recommended)}; the provided value is: ${String(provided)}`);
  };
  const adv = config.init.localAPIEndpoint.advertiseAddress;
  const bind = adv && ipFamily(adv) === 6 ? '::' : '0.0.0.0';
  if (!doc['bindAddress']) doc['bindAddress'] = bind;
  else if (doc['bindAddress'] !== bind) warn('bindAddress', bind, doc['bindAddress']);
  const pods = config.cluster.networking.podSubnet;
  if (!doc['clusterCIDR'] && pods) doc['clusterCIDR'] = pods;
  else if (pods && doc['clusterCIDR'] !== pods) warn('clusterCIDR', pods, doc['clusterCIDR']);
  const conn = (doc['clientConnection'] ??= {}) as Record<string, unknown>;
  if (!conn['kubeconfig']) conn['kubeconfig'] = KUBE_PROXY_KUBECONFIG;
  else if (conn['kubeconfig'] !== KUBE_PROXY_KUBECONFIG) warn('clientConnection.kubeconfig', KUBE_PROXY_KUBECONFIG, conn['kubeconfig']);
  return { document: doc, warnings };
}

/** The kubeconfig kube-proxy uses inside its Pod: the ServiceAccount token and CA, the endpoint URL. */
export function kubeProxyKubeconfig(server: string): string {
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

export interface KubeProxyData {
  configConf: string;
  kubeconfigConf: string;
  server: string;
  image: string;
}

export function kubeProxyData(config: Config, server: string, document: Record<string, unknown>): KubeProxyData {
  return {
    configConf: sortedYaml(document),
    kubeconfigConf: kubeProxyKubeconfig(server),
    server,
    image: kubernetesImage('kube-proxy', config.cluster),
  };
}

export const KUBE_PROXY_TEMPLATES: readonly { name: string; kinds: string[] }[] = [
  { name: 'kube-proxy/rbac.yaml.hbs', kinds: ['ServiceAccount', 'ClusterRoleBinding', 'Role', 'RoleBinding'] },
  { name: 'kube-proxy/configmap.yaml.hbs', kinds: ['ConfigMap'] },
  { name: 'kube-proxy/daemonset.yaml.hbs', kinds: ['DaemonSet'] },
];
