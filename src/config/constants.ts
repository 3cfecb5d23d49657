/**
 * kubeadm's constants and defaults. Image tags and behaviour that differ by Kubernetes minor live in
 * the version table (src/versions/table.ts); tests must not hard-code them.
 */
import { DEFAULT_VERSION, OLDEST_MINOR } from '../versions/release.js';

export const DEFAULT_KUBERNETES_DIR = '/etc/kubernetes';
export const DEFAULT_KUBELET_DIR = '/var/lib/kubelet';
export const DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';
export const DEFAULT_DNS_DOMAIN = 'cluster.local';
export const DEFAULT_CLUSTER_NAME = 'kubernetes';
export const DEFAULT_IMAGE_REPOSITORY = 'registry.k8s.io';
export const DEFAULT_BIND_PORT = 6443;
export const DEFAULT_CRI_SOCKET = 'unix:///var/run/containerd/containerd.sock';
export const DEFAULT_ENCRYPTION_ALGORITHM = 'RSA-2048';
export const DEFAULT_CERTIFICATE_VALIDITY = '8760h0m0s';
export const DEFAULT_CA_CERTIFICATE_VALIDITY = '87600h0m0s';
export const CERTIFICATE_BACKDATE_MS = 5 * 60 * 1000;
export const DEFAULT_TOKEN_TTL = '24h0m0s';
/** Groups kubeadm puts identities in and binds roles to. */
export const GROUPS = {
  /** admin.conf's group, bound to cluster-admin (kubeadm ≥ 1.29). */
  clusterAdmins: 'kubeadm:cluster-admins',
  /** super-admin.conf's group: bypasses RBAC. */
  systemMasters: 'system:masters',
  nodes: 'system:nodes',
  /** The group of kubeadm's default bootstrap tokens. */
  defaultNodeToken: 'system:bootstrappers:kubeadm:default-node-token',
} as const;

export const DEFAULT_TOKEN_USAGES = ['signing', 'authentication'];
export const DEFAULT_TOKEN_GROUPS: readonly string[] = [GROUPS.defaultNodeToken];
export const PLACEHOLDER_TOKEN = 'abcdef.0123456789abcdef';
export const MINIMUM_ADDRESSES_IN_SERVICE_SUBNET = 10;

/** The default Kubernetes version and the oldest supported minor, both from the version table. */
export const DEFAULT_KUBERNETES_VERSION = DEFAULT_VERSION;
export const MIN_KUBERNETES_MINOR = OLDEST_MINOR;
/** Oldest external etcd the API server supports (kubeadm's MinExternalEtcdVersion). */
export const MIN_EXTERNAL_ETCD_VERSION = '3.5.24-0';

export const DEFAULT_TIMEOUTS = {
  controlPlaneComponentHealthCheck: '4m0s',
  kubeletHealthCheck: '4m0s',
  kubernetesAPICall: '1m0s',
  etcdAPICall: '2m0s',
  tlsBootstrap: '5m0s',
  discovery: '5m0s',
  upgradeManifests: '5m0s',
} as const;

export const PORTS = {
  etcdClient: 2379,
  etcdPeer: 2380,
  etcdMetrics: 2381,
  kubelet: 10250,
  kubeletHealthz: 10248,
  scheduler: 10259,
  controllerManager: 10257,
} as const;

/** The kubeconfig files kubeadm writes, by role. */
export const KUBECONFIG_FILES = {
  admin: 'admin.conf',
  superAdmin: 'super-admin.conf',
  kubelet: 'kubelet.conf',
  bootstrapKubelet: 'bootstrap-kubelet.conf',
  controllerManager: 'controller-manager.conf',
  scheduler: 'scheduler.conf',
} as const;
export type KubeconfigFile = keyof typeof KUBECONFIG_FILES;

/** Base name of the cluster CA under certificatesDir (`ca.crt`, `ca.key`). */
export const CA_BASE_NAME = 'ca';

/** The kubelet's files under --kubelet-dir. */
export const KUBELET_FILES = {
  config: 'config.yaml',
  flagsEnv: 'kubeadm-flags.env',
  /** The rotating client certificate the kubelet writes after TLS bootstrap (pki/ under its dir). */
  rotatingClientCert: 'pki/kubelet-client-current.pem',
} as const;

export const CONTROL_PLANE_TAINT_KEY = 'node-role.kubernetes.io/control-plane';
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
