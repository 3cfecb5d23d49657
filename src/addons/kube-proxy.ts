/**
 * Data for the kube-proxy templates (templates/kube-proxy/): the KubeProxyConfiguration (defaulted
 * by src/config/defaults/kube-proxy.ts) as YAML text, the in-cluster kubeconfig naming the
 * control-plane endpoint, and the image.
 */
import type { ClusterConfiguration } from '../config/types.js';
import { inClusterKubeconfig } from '../kubeconfig/in-cluster.js';
import { kubernetesImage } from '../manifests/images.js';
import { toYaml } from '../yaml.js';
import type { AddonTemplate } from './render.js';

export interface KubeProxyData {
  configConf: string;
  kubeconfigConf: string;
  server: string;
  image: string;
}

export function kubeProxyData(cluster: ClusterConfiguration, server: string, document: Record<string, unknown>): KubeProxyData {
  return {
    configConf: toYaml(document, 'component'),
    kubeconfigConf: inClusterKubeconfig(server),
    server,
    image: kubernetesImage('kube-proxy', cluster),
  };
}

export const KUBE_PROXY_TEMPLATES: readonly AddonTemplate[] = [
  { name: 'kube-proxy/rbac.yaml.hbs', kinds: ['ServiceAccount', 'ClusterRoleBinding', 'Role', 'RoleBinding'] },
  { name: 'kube-proxy/configmap.yaml.hbs', kinds: ['ConfigMap'] },
  { name: 'kube-proxy/daemonset.yaml.hbs', kinds: ['DaemonSet'] },
];
