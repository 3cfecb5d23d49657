/** kube-public/cluster-info: the ConfigMap joining nodes read anonymously (its kubeconfig: src/kubeconfig/cluster-info.ts). */
import type { KubeObject } from './types.js';

export const CLUSTER_INFO_NAMESPACE = 'kube-public';
export const CLUSTER_INFO_NAME = 'cluster-info';
const CLUSTER_INFO_KEY = 'kubeconfig';

export function clusterInfoConfigMap(kubeconfig: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CLUSTER_INFO_NAME, namespace: CLUSTER_INFO_NAMESPACE },
    data: { [CLUSTER_INFO_KEY]: kubeconfig },
  };
}
