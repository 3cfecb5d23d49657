/**
 * `config migrate`: a configuration file read through the whole pipeline (v1beta3 converted,
 * defaulted, validated) and written back as kubeadm.k8s.io/v1beta4, with its component configs
 * unchanged after the kubeadm documents.
 */
import type { Config } from '../types.js';
import { encodeClusterConfiguration, encodeInitConfiguration, encodeJoinConfiguration } from './v1beta4.js';

export function migratedDocuments(config: Config): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [encodeInitConfiguration(config.init), encodeClusterConfiguration(config.cluster)];
  if (config.join) docs.push(encodeJoinConfiguration(config.join));
  if (config.kubelet) docs.push(config.kubelet as Record<string, unknown>);
  if (config.kubeProxy) docs.push(config.kubeProxy as Record<string, unknown>);
  return docs;
}
