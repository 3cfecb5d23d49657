/**
 * What upload-config stores: the ClusterConfiguration (v1beta4, as kubeadm marshals it: empty fields
 * omitted, keys sorted) in kube-system/kubeadm-config, the KubeletConfiguration in
 * kube-system/kubelet-config (hash-annotated when kubeadm generated it), and the Roles that let
 * bootstrap tokens and nodes read both.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { API_VERSION_V1BETA4, type ClusterConfiguration, type ControlPlaneComponent } from '../config/types.js';
import { NODES_GROUP, NODE_BOOTSTRAP_TOKEN_GROUP, configMapReader, group } from './rbac.js';
import type { KubeObject } from './types.js';

export const KUBEADM_CONFIG_MAP = 'kubeadm-config';
export const CLUSTER_CONFIGURATION_KEY = 'ClusterConfiguration';
export const KUBELET_CONFIG_MAP = 'kubelet-config';
export const KUBELET_CONFIG_KEY = 'kubelet';
export const COMPONENT_CONFIG_HASH_ANNOTATION = 'kubeadm.kubernetes.io/component-config.hash';

type Json = Record<string, unknown>;

/** Drop what Go's omitempty drops: undefined, '', false, empty lists and maps (recursively for maps). */
function compact(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === '' || v === false || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length > 0) out[k] = v;
    } else if (typeof v === 'object') {
      const inner = v as Json;
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else {
      out[k] = v;
    }
  }
  return out;
}

const component = (c: ControlPlaneComponent): Json =>
  compact({
    extraArgs: c.extraArgs.map((a) => ({ name: a.name, value: a.value })),
    extraEnvs: c.extraEnvs,
    extraVolumes: c.extraVolumes.map((v) => compact({ ...v })),
  });

/**
 * The v1beta4 ClusterConfiguration as a plain object: scalar, list and map fields are omitted when
 * empty (omitempty); struct fields (etcd, networking, apiServer, …) are always there, `{}` when empty.
 */
export function clusterConfigurationDocument(c: ClusterConfiguration): Json {
  const etcd: Json = {};
  if (c.etcd.local) {
    const l = c.etcd.local;
    etcd['local'] = compact({
      imageRepository: l.imageRepository,
      imageTag: l.imageTag,
      dataDir: l.dataDir,
      extraArgs: l.extraArgs.map((a) => ({ name: a.name, value: a.value })),
      extraEnvs: l.extraEnvs,
      serverCertSANs: l.serverCertSANs,
      peerCertSANs: l.peerCertSANs,
    });
  }
  if (c.etcd.external) etcd['external'] = compact({ ...c.etcd.external });
  return {
    ...compact({
      apiVersion: API_VERSION_V1BETA4,
      kind: 'ClusterConfiguration',
      kubernetesVersion: c.kubernetesVersion,
      controlPlaneEndpoint: c.controlPlaneEndpoint,
      certificatesDir: c.certificatesDir,
      imageRepository: c.imageRepository,
      featureGates: c.featureGates,
      clusterName: c.clusterName,
      encryptionAlgorithm: c.encryptionAlgorithm,
      certificateValidityPeriod: c.certificateValidityPeriod,
      caCertificateValidityPeriod: c.caCertificateValidityPeriod,
    }),
    etcd,
    networking: compact({ ...c.networking }),
    apiServer: compact({ ...component(c.apiServer), certSANs: c.apiServer.certSANs }),
    controllerManager: component(c.controllerManager),
    scheduler: component(c.scheduler),
    dns: compact({ imageRepository: c.dns.imageRepository, imageTag: c.dns.imageTag, disabled: c.dns.disabled }),
    proxy: compact({ disabled: c.proxy.disabled }),
  };
}

/** YAML with every map's keys sorted, like sigs.k8s.io/yaml. */
export function sortedYaml(doc: unknown): string {
  return stringify(doc, { sortMapEntries: true, lineWidth: 0 });
}

export function clusterConfigurationYaml(c: ClusterConfiguration): string {
  return sortedYaml(clusterConfigurationDocument(c));
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
    kubeadm: configMapReader('kube-system', 'kubeadm:nodes-kubeadm-config', KUBEADM_CONFIG_MAP, [group(NODE_BOOTSTRAP_TOKEN_GROUP), group(NODES_GROUP)]),
    kubelet: configMapReader('kube-system', 'kubeadm:kubelet-config', KUBELET_CONFIG_MAP, [group(NODES_GROUP), group(NODE_BOOTSTRAP_TOKEN_GROUP)]),
  };
}
