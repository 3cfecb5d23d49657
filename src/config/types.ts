/**
 * The internal, defaulted form of kubeadm's configuration (kubeadm.k8s.io/v1beta4 shape).
 * v1beta3 input is converted to this shape before defaulting. Durations carry their canonical Go
 * text (e.g. `8760h0m0s`, printed and uploaded as kubeadm does) with their value in milliseconds.
 */
import type { Duration } from './duration.js';

export const API_GROUP = 'kubeadm.k8s.io';
export const API_VERSION_V1BETA4 = 'kubeadm.k8s.io/v1beta4';
export const API_VERSION_V1BETA3 = 'kubeadm.k8s.io/v1beta3';

export interface Arg {
  name: string;
  value: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

export type HostPathType =
  | ''
  | 'DirectoryOrCreate'
  | 'Directory'
  | 'FileOrCreate'
  | 'File'
  | 'Socket'
  | 'CharDevice'
  | 'BlockDevice';

export interface HostPathMount {
  name: string;
  hostPath: string;
  mountPath: string;
  readOnly: boolean;
  pathType: HostPathType;
}

export interface ControlPlaneComponent {
  extraArgs: Arg[];
  extraVolumes: HostPathMount[];
  extraEnvs: EnvVar[];
}

export interface APIServer extends ControlPlaneComponent {
  certSANs: string[];
}

export interface ImageMeta {
  imageRepository?: string;
  imageTag?: string;
}

export interface LocalEtcd extends ImageMeta {
  dataDir: string;
  extraArgs: Arg[];
  extraEnvs: EnvVar[];
  serverCertSANs: string[];
  peerCertSANs: string[];
}

export interface ExternalEtcd {
  endpoints: string[];
  /** Where etcd serves HTTP (v1.35+); absent or empty: `endpoints` serve both gRPC and HTTP. */
  httpEndpoints?: string[];
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** Exactly one of `local` and `external` is set after defaulting. */
export interface Etcd {
  local?: LocalEtcd;
  external?: ExternalEtcd;
}

export interface Networking {
  serviceSubnet: string;
  podSubnet: string;
  dnsDomain: string;
}

export interface DNS extends ImageMeta {
  disabled: boolean;
}

export interface Proxy {
  disabled: boolean;
}

export type EncryptionAlgorithm = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'ECDSA-P256' | 'ECDSA-P384';

export interface ClusterConfiguration {
  etcd: Etcd;
  networking: Networking;
  kubernetesVersion: string;
  controlPlaneEndpoint: string;
  apiServer: APIServer;
  controllerManager: ControlPlaneComponent;
  scheduler: ControlPlaneComponent;
  dns: DNS;
  proxy: Proxy;
  certificatesDir: string;
  imageRepository: string;
  featureGates: Record<string, boolean>;
  clusterName: string;
  encryptionAlgorithm: EncryptionAlgorithm;
  certificateValidityPeriod: Duration;
  caCertificateValidityPeriod: Duration;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface NodeRegistrationOptions {
  name: string;
  criSocket: string;
  /** `undefined` means kubeadm's default taint; an explicit `[]` means no taint (kubeadm's nil vs empty). */
  taints: Taint[] | undefined;
  kubeletExtraArgs: Arg[];
  ignorePreflightErrors: string[];
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSerial: boolean;
}

export interface APIEndpoint {
  advertiseAddress: string;
  bindPort: number;
}

export interface BootstrapToken {
  /** `<id>.<secret>`; generated at run time when the config gives none. Never log it. */
  token: string;
  /** True when the token was generated while defaulting: an existing token in the cluster may be reused instead. */
  generated?: boolean;
  description?: string;
  /** `0s` means no expiry. Ignored when `expires` is set. */
  ttl: Duration;
  expires?: string;
  usages: string[];
  groups: string[];
}

export interface Timeouts {
  controlPlaneComponentHealthCheck: Duration;
  kubeletHealthCheck: Duration;
  kubernetesAPICall: Duration;
  etcdAPICall: Duration;
  tlsBootstrap: Duration;
  discovery: Duration;
  upgradeManifests: Duration;
}

export interface Patches {
  directory: string;
}

export interface InitConfiguration {
  bootstrapTokens: BootstrapToken[];
  dryRun: boolean;
  nodeRegistration: NodeRegistrationOptions;
  localAPIEndpoint: APIEndpoint;
  certificateKey: string;
  skipPhases: string[];
  patches?: Patches;
  timeouts: Timeouts;
}

export interface BootstrapTokenDiscovery {
  token: string;
  apiServerEndpoint: string;
  caCertHashes: string[];
  unsafeSkipCAVerification: boolean;
}

export interface FileDiscovery {
  kubeConfigPath: string;
}

export interface Discovery {
  bootstrapToken?: BootstrapTokenDiscovery;
  file?: FileDiscovery;
  tlsBootstrapToken: string;
}

export interface JoinControlPlane {
  localAPIEndpoint: APIEndpoint;
  certificateKey: string;
}

export interface JoinConfiguration {
  dryRun: boolean;
  nodeRegistration: NodeRegistrationOptions;
  caCertPath: string;
  discovery: Discovery;
  controlPlane?: JoinControlPlane;
  skipPhases: string[];
  patches?: Patches;
  timeouts: Timeouts;
}

/** A component config document kept verbatim (apart from validation of apiVersion/kind) for later phases. */
export interface ComponentConfigDocument {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
}

/** Everything one `--config` file (plus flags) says, after conversion and defaulting. */
export interface Config {
  init: InitConfiguration;
  cluster: ClusterConfiguration;
  join?: JoinConfiguration;
  /** KubeletConfiguration document, if the file had one. */
  kubelet?: ComponentConfigDocument;
  /** KubeProxyConfiguration document, if the file had one. */
  kubeProxy?: ComponentConfigDocument;
  /** The file the config came from, for messages. */
  source?: string;
}
