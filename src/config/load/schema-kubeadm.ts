/**
 * The field schema of every kubeadm document this tool reads, per API version (kubeadm.k8s.io
 * v1beta4 and v1beta3, from kubeadm's types.go). Data only: the checker lives in ./schema.ts.
 */
import { API_VERSION_V1BETA3, API_VERSION_V1BETA4 } from '../types.js';
import { type Schema, any, bool, int, list, map, obj, schemaHas, str } from './schema.js';

const typeMeta = { apiVersion: str, kind: str };
const arg = obj({ name: str, value: str });
const envVar = obj({ name: str, value: str, valueFrom: any });
const hostPathMount = obj({ name: str, hostPath: str, mountPath: str, readOnly: bool, pathType: str });
const apiEndpoint = obj({ advertiseAddress: str, bindPort: int });
const taint = obj({ key: str, value: str, effect: str, timeAdded: str });
const bootstrapToken = obj({ token: str, description: str, ttl: str, expires: str, usages: list(str), groups: list(str) });
const patches = obj({ directory: str });
const imageMeta = { imageRepository: str, imageTag: str };
const networking = obj({ serviceSubnet: str, podSubnet: str, dnsDomain: str });
const externalEtcdFields = { endpoints: list(str), caFile: str, certFile: str, keyFile: str };
const externalEtcd = obj(externalEtcdFields);
/** v1beta4 (kubeadm v1.35+): httpEndpoints carries etcd's HTTP traffic (/version, /health, /metrics) apart from gRPC. */
const externalEtcd4 = obj({ ...externalEtcdFields, httpEndpoints: list(str) });
const timeouts = obj({
  controlPlaneComponentHealthCheck: str,
  kubeletHealthCheck: str,
  kubernetesAPICall: str,
  etcdAPICall: str,
  tlsBootstrap: str,
  discovery: str,
  upgradeManifests: str,
});
const discoveryToken = obj({ token: str, apiServerEndpoint: str, caCertHashes: list(str), unsafeSkipCAVerification: bool });
const fileDiscovery = obj({ kubeConfigPath: str });
const joinControlPlane = obj({ localAPIEndpoint: apiEndpoint, certificateKey: str });

const clusterCommon = {
  ...typeMeta,
  networking,
  kubernetesVersion: str,
  controlPlaneEndpoint: str,
  certificatesDir: str,
  imageRepository: str,
  featureGates: map(bool),
  clusterName: str,
};

// v1beta4: extra args are lists of {name, value}; extraEnvs, timeouts, dryRun, proxy/dns.disabled,
// encryptionAlgorithm and the certificate validity periods exist.
const component4 = { extraArgs: list(arg), extraVolumes: list(hostPathMount), extraEnvs: list(envVar) };
const nodeRegistration4 = obj({
  name: str,
  criSocket: str,
  taints: list(taint),
  kubeletExtraArgs: list(arg),
  ignorePreflightErrors: list(str),
  imagePullPolicy: str,
  imagePullSerial: bool,
});

const cluster4 = obj({
  ...clusterCommon,
  etcd: obj({
    local: obj({ ...imageMeta, dataDir: str, extraArgs: list(arg), extraEnvs: list(envVar), serverCertSANs: list(str), peerCertSANs: list(str) }),
    external: externalEtcd4,
  }),
  apiServer: obj({ ...component4, certSANs: list(str) }),
  controllerManager: obj(component4),
  scheduler: obj(component4),
  dns: obj({ ...imageMeta, disabled: bool }),
  proxy: obj({ disabled: bool }),
  encryptionAlgorithm: str,
  certificateValidityPeriod: str,
  caCertificateValidityPeriod: str,
});

const init4 = obj({
  ...typeMeta,
  bootstrapTokens: list(bootstrapToken),
  dryRun: bool,
  nodeRegistration: nodeRegistration4,
  localAPIEndpoint: apiEndpoint,
  certificateKey: str,
  skipPhases: list(str),
  patches,
  timeouts,
});

const join4 = obj({
  ...typeMeta,
  dryRun: bool,
  nodeRegistration: nodeRegistration4,
  caCertPath: str,
  discovery: obj({ bootstrapToken: discoveryToken, file: fileDiscovery, tlsBootstrapToken: str }),
  controlPlane: joinControlPlane,
  skipPhases: list(str),
  patches,
  timeouts,
});

// v1beta3: extra args are string maps; apiServer.timeoutForControlPlane and discovery.timeout hold
// the timeouts that v1beta4 moved to `timeouts`.
const component3 = { extraArgs: map(str), extraVolumes: list(hostPathMount) };
const nodeRegistration3 = obj({
  name: str,
  criSocket: str,
  taints: list(taint),
  kubeletExtraArgs: map(str),
  ignorePreflightErrors: list(str),
  imagePullPolicy: str,
});

const cluster3 = obj({
  ...clusterCommon,
  etcd: obj({
    local: obj({ ...imageMeta, dataDir: str, extraArgs: map(str), serverCertSANs: list(str), peerCertSANs: list(str) }),
    external: externalEtcd,
  }),
  apiServer: obj({ ...component3, certSANs: list(str), timeoutForControlPlane: str }),
  controllerManager: obj(component3),
  scheduler: obj(component3),
  dns: obj(imageMeta),
});

const init3 = obj({
  ...typeMeta,
  bootstrapTokens: list(bootstrapToken),
  nodeRegistration: nodeRegistration3,
  localAPIEndpoint: apiEndpoint,
  certificateKey: str,
  skipPhases: list(str),
  patches,
});

const join3 = obj({
  ...typeMeta,
  nodeRegistration: nodeRegistration3,
  caCertPath: str,
  discovery: obj({ bootstrapToken: discoveryToken, file: fileDiscovery, tlsBootstrapToken: str, timeout: str }),
  controlPlane: joinControlPlane,
  skipPhases: list(str),
  patches,
});

export type KubeadmKind = 'InitConfiguration' | 'ClusterConfiguration' | 'JoinConfiguration';
export const KUBEADM_KINDS: readonly KubeadmKind[] = ['InitConfiguration', 'ClusterConfiguration', 'JoinConfiguration'];

export const KUBEADM_SCHEMAS: Readonly<Record<string, Readonly<Record<KubeadmKind, Schema>>>> = {
  [API_VERSION_V1BETA4]: { InitConfiguration: init4, ClusterConfiguration: cluster4, JoinConfiguration: join4 },
  [API_VERSION_V1BETA3]: { InitConfiguration: init3, ClusterConfiguration: cluster3, JoinConfiguration: join3 },
};

/** Fields v1beta4 removed, and where their value lives now. */
const MOVED_IN_V1BETA4: Readonly<Record<string, string>> = {
  'ClusterConfiguration.apiServer.timeoutForControlPlane': 'InitConfiguration.timeouts.controlPlaneComponentHealthCheck',
  'JoinConfiguration.discovery.timeout': 'JoinConfiguration.timeouts.discovery',
};

/** Explain unknown fields that exist in the other API version. */
export function versionHint(apiVersion: string, kind: KubeadmKind) {
  return (path: string): string | undefined => {
    const bare = path.replace(/\[\d+\]/g, '');
    if (apiVersion === API_VERSION_V1BETA4) {
      const moved = MOVED_IN_V1BETA4[bare];
      return moved ? `this v1beta3 field was removed in v1beta4: use ${moved}` : undefined;
    }
    const rel = bare.split('.').slice(1);
    if (schemaHas(KUBEADM_SCHEMAS[API_VERSION_V1BETA4]![kind], rel)) {
      return `this field exists only in ${API_VERSION_V1BETA4}: change apiVersion to ${API_VERSION_V1BETA4} to use it`;
    }
    return undefined;
  };
}

/** kubeadm kinds this tool reads but does not use: ignored with a warning, as kubeadm does. */
export const IGNORED_KUBEADM_KINDS: readonly string[] = ['ResetConfiguration', 'UpgradeConfiguration'];
