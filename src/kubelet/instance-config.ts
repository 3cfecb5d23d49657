/**
 * NodeLocalCRISocket (beta 1.34, GA 1.36): the node's CRI endpoint lives in
 * `<kubelet-dir>/instance-config.yaml` (a KubeletConfiguration holding only
 * containerRuntimeEndpoint), applied to config.yaml as this node's own patch, instead of the
 * --container-runtime-endpoint flag and the `kubeadm.alpha.kubernetes.io/cri-socket` Node annotation.
 */
import { join } from 'node:path';
import type { Paths } from '../config/paths.js';
import type { ClusterConfiguration } from '../config/types.js';
import { featureEnabled } from '../versions/release.js';
import { toYaml } from '../yaml.js';

export const INSTANCE_CONFIG_FILE = 'instance-config.yaml';

/** `<kubelet-dir>/instance-config.yaml`. */
export const instanceConfigPath = (paths: Pick<Paths, 'kubeletDir'>): string => join(paths.kubeletDir, INSTANCE_CONFIG_FILE);

/** Whether this cluster's version (and feature gates) keep the CRI socket in instance-config.yaml. */
export function usesNodeLocalCRISocket(cluster: Pick<ClusterConfiguration, 'kubernetesVersion' | 'featureGates'>): boolean {
  return featureEnabled(cluster.kubernetesVersion, cluster.featureGates, 'NodeLocalCRISocket');
}

/** The instance patch: a KubeletConfiguration with this node's containerRuntimeEndpoint. */
export function instanceConfigDocument(criSocket: string): Record<string, unknown> {
  return { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', containerRuntimeEndpoint: criSocket };
}

export function instanceConfigYaml(criSocket: string): string {
  return toYaml(instanceConfigDocument(criSocket), 'component');
}

/** config.yaml's document with the instance patch applied (kubeadm applies it before user patches). */
export function withInstanceConfig(document: Record<string, unknown>, criSocket: string): Record<string, unknown> {
  return { ...document, containerRuntimeEndpoint: criSocket };
}
