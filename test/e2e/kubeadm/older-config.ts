// What kubeadm v1.20 reads from a cluster before any join phase (cmd/kubeadm/app/cmd/join.go
// fetchInitConfiguration → util/config/cluster.go getInitConfigurationFromCluster, in the cached
// v1.20.2 source): the ClusterConfiguration in kube-system/kubeadm-config, which it must decode
// with its own scheme (v1beta1/v1beta2 only: the v1beta4 document minikubeadm uploads fails with
// `no kind "ClusterConfiguration" is registered for version "kubeadm.k8s.io/v1beta4"`), and then
// the component configs (componentconfigs.FetchFromCluster): kube-proxy's ConfigMap may be missing
// or forbidden, but the kubelet's must exist, under the name of the ClusterConfiguration's
// version (kubelet-config-1.20), readable by the bootstrap token. A new control plane skips the
// ClusterStatus key (getAPIEndpoint runs only for an existing node), so none is needed.
//
// withV1beta2Configuration() puts exactly that in place for the duration of one command and then
// takes it back out: the ClusterConfiguration replaced by an equivalent v1beta2 document for the
// same cluster, and kubelet-config-1.20 with the Role and RoleBinding kubeadm 1.20's upload-config
// would have made (phases/kubelet/config.go createConfigMapRBACRules), holding the cluster's own
// KubeletConfiguration. Nothing else is touched: not the kubeadm-certs Secret, not the token.
import { parse } from 'yaml';
import type { InitCluster } from '../init/cluster.js';
import { KUBEADM_VERSION } from './control-plane.js';

const OLD_KUBELET_CONFIG = `kubelet-config-${KUBEADM_VERSION.replace(/^v(\d+)\.(\d+)\..*$/, '$1.$2')}`;
const OLD_KUBELET_CONFIG_RBAC = `kubeadm:${OLD_KUBELET_CONFIG}`;
const BOOTSTRAPPERS = 'system:bootstrappers:kubeadm:default-node-token';

/** The temporary objects, as kubectl names them. */
export const TEMPORARY_OBJECTS = [`configmap/${OLD_KUBELET_CONFIG}`, `role.rbac.authorization.k8s.io/${OLD_KUBELET_CONFIG_RBAC}`, `rolebinding.rbac.authorization.k8s.io/${OLD_KUBELET_CONFIG_RBAC}`] as const;

type Doc = Record<string, unknown>;
const obj = (v: unknown): Doc => (typeof v === 'object' && v !== null ? (v as Doc) : {});

/**
 * The v1beta2 ClusterConfiguration for the cluster a v1beta4 one describes: the same name,
 * endpoint, image repository, networking and etcd data dir. kubernetesVersion is kubeadm's own
 * (its validation and the kubelet-config name follow it). certificatesDir is kubeadm's standard
 * /etc/kubernetes/pki, where the node kubeadm runs on keeps its files: the cluster's value is the
 * first control plane's own tree, a path on this machine that a kubeadm node must not write into.
 */
export function v1beta2ClusterConfiguration(v1beta4Text: string, certificatesDir = '/etc/kubernetes/pki'): string {
  const v4 = obj(parse(v1beta4Text));
  if (v4['apiVersion'] !== 'kubeadm.k8s.io/v1beta4' || v4['kind'] !== 'ClusterConfiguration') throw new Error(`not a v1beta4 ClusterConfiguration:\n${v1beta4Text}`);
  const networking = obj(v4['networking']);
  const local = obj(obj(v4['etcd'])['local']);
  if (typeof v4['controlPlaneEndpoint'] !== 'string' || v4['controlPlaneEndpoint'] === '') throw new Error('the cluster has no controlPlaneEndpoint');
  if (typeof local['dataDir'] !== 'string') throw new Error('the cluster has no local etcd');
  const fields = (from: Doc, keys: readonly string[], indent: string): string[] => keys.filter((k) => typeof from[k] === 'string').map((k) => `${indent}${k}: ${String(from[k])}`);
  const lines = [
    'apiVersion: kubeadm.k8s.io/v1beta2',
    'kind: ClusterConfiguration',
    `kubernetesVersion: ${KUBEADM_VERSION}`,
    ...fields(v4, ['clusterName', 'controlPlaneEndpoint', 'imageRepository'], ''),
    `certificatesDir: ${certificatesDir}`,
    'networking:',
    ...fields(networking, ['dnsDomain', 'serviceSubnet', 'podSubnet'], '  '),
    'etcd:',
    '  local:',
    `    dataDir: ${local['dataDir']}`,
    '',
  ];
  return lines.join('\n');
}

export interface Swapped<T> {
  result: T;
  /** The ClusterConfiguration kubeadm saw. */
  v1beta2: string;
  /** kubeadm-config's data after the restore, and the original. */
  original: Record<string, string>;
  restored: Record<string, string>;
  /** Which temporary objects still exist after the restore (kubectl get … --ignore-not-found). */
  left: string;
}

async function kubeadmConfigData(cluster: InitCluster): Promise<Record<string, string>> {
  return (await cluster.getJson<{ data: Record<string, string> }>(['-n', 'kube-system', 'configmap', 'kubeadm-config'])).data;
}

/** Runs `fn` while kubeadm v1.20 can read the cluster's configuration (see above), then restores it, even when `fn` throws. */
export async function withV1beta2Configuration<T>(cluster: InitCluster, fn: () => Promise<T>): Promise<Swapped<T>> {
  const kubectl = (args: readonly string[], input?: string) => cluster.kubectl(['-n', 'kube-system', ...args], { kubeconfig: cluster.adminConf, ...(input !== undefined ? { input } : {}) });
  const original = await kubeadmConfigData(cluster);
  const v4 = original['ClusterConfiguration'];
  if (v4 === undefined) throw new Error('kubeadm-config has no ClusterConfiguration');
  const v1beta2 = v1beta2ClusterConfiguration(v4);
  const kubelet = (await cluster.getJson<{ data: { kubelet: string } }>(['-n', 'kube-system', 'configmap', 'kubelet-config'])).data.kubelet;
  const temporary = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: OLD_KUBELET_CONFIG, namespace: 'kube-system' }, data: { kubelet } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: OLD_KUBELET_CONFIG_RBAC, namespace: 'kube-system' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [OLD_KUBELET_CONFIG], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: OLD_KUBELET_CONFIG_RBAC, namespace: 'kube-system' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: OLD_KUBELET_CONFIG_RBAC },
      subjects: [
        { kind: 'Group', name: 'system:nodes' },
        { kind: 'Group', name: BOOTSTRAPPERS },
      ],
    },
  ];
  let result: T;
  try {
    await kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: temporary }));
    await kubectl(['patch', 'configmap', 'kubeadm-config', '--type', 'merge', '-p', JSON.stringify({ data: { ClusterConfiguration: v1beta2 } })]);
    result = await fn();
  } finally {
    await kubectl(['patch', 'configmap', 'kubeadm-config', '--type', 'merge', '-p', JSON.stringify({ data: { ClusterConfiguration: v4 } })]);
    await kubectl(['delete', '--ignore-not-found', ...TEMPORARY_OBJECTS]);
  }
  const restored = await kubeadmConfigData(cluster);
  const left = (await kubectl(['get', '--ignore-not-found', '-o', 'name', ...TEMPORARY_OBJECTS])).stdout.trim();
  return { result, v1beta2, original, restored, left };
}
