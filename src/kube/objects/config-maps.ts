/**
 * What upload-config stores: the ClusterConfiguration (the v1beta4 encoder's document, keys sorted)
 * in kube-system/kubeadm-config, the KubeletConfiguration in
 * kube-system/kubelet-config (hash-annotated when kubeadm generated it), and the Roles that let
 * bootstrap tokens and nodes read both.
 */
import { createHash } from 'node:crypto';
import { GROUPS } from '../../config/constants.js';
import { encodeClusterConfiguration } from '../../config/encode/v1beta4.js';
import type { ClusterConfiguration } from '../../config/types.js';
import { toYaml } from '../../yaml.js';
import { configMapReader, group } from './rbac.js';
import type { KubeObject } from './types.js';

export const KUBEADM_CONFIG_MAP = 'kubeadm-config';
const CLUSTER_CONFIGURATION_KEY = 'ClusterConfiguration';
export const KUBELET_CONFIG_MAP = 'kubelet-config';
const KUBELET_CONFIG_KEY = 'kubelet';
const COMPONENT_CONFIG_HASH_ANNOTATION = 'kubeadm.kubernetes.io/component-config.hash';

/** The ClusterConfiguration as stored in kubeadm-config (v1beta4, keys sorted). */
export function clusterConfigurationYaml(c: ClusterConfiguration): string {
  return toYaml(encodeClusterConfiguration(c), 'component');
}

export function kubeadmConfigMap(c: ClusterConfiguration): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: KUBEADM_CONFIG_MAP, namespace: 'kube-system' },
    data: { [CLUSTER_CONFIGURATION_KEY]: clusterConfigurationYaml(c) },
  };
}

/** sha256 over the data values in key order, as kubeadm's ChecksumForConfigMap. */
export function configMapChecksum(data: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(data).sort()) hash.update(data[key]!, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

/** `signed`: kubeadm generated the config (no KubeletConfiguration in the user's file). */
export function kubeletConfigMap(kubeletYaml: string, signed: boolean): KubeObject {
  const data = { [KUBELET_CONFIG_KEY]: kubeletYaml };
  const metadata: KubeObject['metadata'] = { name: KUBELET_CONFIG_MAP, namespace: 'kube-system' };
  if (signed) metadata.annotations = { [COMPONENT_CONFIG_HASH_ANNOTATION]: configMapChecksum(data) };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

/** Role + RoleBinding for each uploaded ConfigMap, subjects in kubeadm's order. */
export function uploadConfigRbac(): { kubeadm: KubeObject[]; kubelet: KubeObject[] } {
  return {
    kubeadm: configMapReader('kube-system', 'kubeadm:nodes-kubeadm-config', KUBEADM_CONFIG_MAP, [group(GROUPS.defaultNodeToken), group(GROUPS.nodes)]),
    kubelet: configMapReader('kube-system', 'kubeadm:kubelet-config', KUBELET_CONFIG_MAP, [group(GROUPS.nodes), group(GROUPS.defaultNodeToken)]),
  };
}
