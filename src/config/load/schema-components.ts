/**
 * Field schemas of the component configs a kubeadm file may carry: KubeletConfiguration
 * (kubelet.config.k8s.io/v1beta1) and KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1),
 * after the upstream Go types. Data only: the checker lives in ./schema.ts. Sub-objects owned by
 * shared component-base packages (logging, tracing) are checked as mappings only.
 */
import { type Schema, any, bool, duration, int, list, map, num, obj, oneOf, quantity, str } from './schema.js';

const typeMeta = { apiVersion: str, kind: str };
const taint = obj({ key: str, value: str, effect: str, timeAdded: str });
/** logsapi.LoggingConfiguration (format, flushFrequency, verbosity, vmodule, options). */
const logging = map(any);

// KubeletConfiguration, grouped by topic.
const kubeletServer = {
  enableServer: bool,
  address: str,
  port: int,
  readOnlyPort: int,
  healthzPort: int,
  healthzBindAddress: str,
  tlsCertFile: str,
  tlsPrivateKeyFile: str,
  tlsCipherSuites: list(str),
  tlsCurvePreferences: list(int),
  tlsMinVersion: str,
  rotateCertificates: bool,
  serverTLSBootstrap: bool,
  authentication: obj({
    x509: obj({ clientCAFile: str }),
    webhook: obj({ enabled: bool, cacheTTL: duration }),
    anonymous: obj({ enabled: bool }),
  }),
  authorization: obj({
    mode: oneOf('', 'AlwaysAllow', 'Webhook'),
    webhook: obj({ cacheAuthorizedTTL: duration, cacheUnauthorizedTTL: duration }),
  }),
  enableDebuggingHandlers: bool,
  enableContentionProfiling: bool,
  enableSystemLogHandler: bool,
  enableSystemLogQuery: bool,
  enableProfilingHandler: bool,
  enableDebugFlagsHandler: bool,
};

const kubeletPods = {
  staticPodPath: str,
  staticPodURL: str,
  staticPodURLHeader: map(list(str)),
  podLogsDir: str,
  syncFrequency: duration,
  fileCheckFrequency: duration,
  httpCheckFrequency: duration,
  clusterDomain: str,
  clusterDNS: list(str),
  resolvConf: str,
  maxPods: int,
  podsPerCore: int,
  podCIDR: str,
  podPidsLimit: int,
  runOnce: bool,
  hairpinMode: oneOf('', 'promiscuous-bridge', 'hairpin-veth', 'none'),
  allowedUnsafeSysctls: list(str),
  seccompDefault: bool,
  configMapAndSecretChangeDetectionStrategy: oneOf('', 'Get', 'Cache', 'Watch'),
  shutdownGracePeriod: duration,
  shutdownGracePeriodCriticalPods: duration,
  shutdownGracePeriodByPodPriority: list(obj({ priority: int, shutdownGracePeriodSeconds: int })),
  crashLoopBackOff: obj({ maxContainerRestartPeriod: duration }),
  userNamespaces: obj({ idsPerPod: int }),
};

const kubeletImages = {
  registryPullQPS: int,
  registryBurst: int,
  serializeImagePulls: bool,
  maxParallelImagePulls: int,
  imageMinimumGCAge: duration,
  imageMaximumGCAge: duration,
  imageGCHighThresholdPercent: int,
  imageGCLowThresholdPercent: int,
  imagePullCredentialsVerificationPolicy: str,
  preloadedImagesVerificationAllowlist: list(str),
  containerRuntimeEndpoint: str,
  imageServiceEndpoint: str,
  runtimeRequestTimeout: duration,
  containerLogMaxSize: str,
  containerLogMaxFiles: int,
  containerLogMaxWorkers: int,
  containerLogMonitorInterval: duration,
};

const kubeletNode = {
  eventRecordQPS: int,
  eventBurst: int,
  kubeAPIQPS: int,
  kubeAPIBurst: int,
  contentType: str,
  oomScoreAdj: int,
  maxOpenFiles: int,
  streamingConnectionIdleTimeout: duration,
  nodeStatusUpdateFrequency: duration,
  nodeStatusReportFrequency: duration,
  nodeStatusMaxImages: int,
  nodeLeaseDurationSeconds: int,
  volumeStatsAggPeriod: duration,
  volumePluginDir: str,
  providerID: str,
  registerNode: bool,
  registerWithTaints: list(taint),
  enableControllerAttachDetach: bool,
  protectKernelDefaults: bool,
  makeIPTablesUtilChains: bool,
  iptablesMasqueradeBit: int,
  iptablesDropBit: int,
  featureGates: map(bool),
  failSwapOn: bool,
  memorySwap: obj({ swapBehavior: str }),
  showHiddenMetricsForVersion: str,
  localStorageCapacityIsolation: bool,
  logging,
  tracing: obj({ endpoint: str, samplingRatePerMillion: int }),
};

const kubeletResources = {
  kubeletCgroups: str,
  systemCgroups: str,
  cgroupRoot: str,
  cgroupsPerQOS: bool,
  cgroupDriver: oneOf('', 'systemd', 'cgroupfs'),
  failCgroupV1: bool,
  singleProcessOOMKill: bool,
  cpuManagerPolicy: str,
  cpuManagerPolicyOptions: map(str),
  cpuManagerReconcilePeriod: duration,
  cpuCFSQuota: bool,
  cpuCFSQuotaPeriod: duration,
  draManagerReconcilePeriod: duration,
  memoryManagerPolicy: str,
  memoryThrottlingFactor: num,
  memoryReservationPolicy: str,
  reservedMemory: list(obj({ numaNode: int, limits: map(quantity) })),
  topologyManagerPolicy: str,
  topologyManagerScope: str,
  topologyManagerPolicyOptions: map(str),
  qosReserved: map(str),
  evictionHard: map(str),
  evictionSoft: map(str),
  evictionSoftGracePeriod: map(str),
  evictionMinimumReclaim: map(str),
  evictionPressureTransitionPeriod: duration,
  evictionMaxPodGracePeriod: int,
  mergeDefaultEvictionSettings: bool,
  kernelMemcgNotification: bool,
  systemReserved: map(str),
  kubeReserved: map(str),
  systemReservedCgroup: str,
  kubeReservedCgroup: str,
  reservedSystemCPUs: str,
  enforceNodeAllocatable: list(str),
};

export const KUBELET_SCHEMA: Schema = obj({
  ...typeMeta,
  ...kubeletServer,
  ...kubeletPods,
  ...kubeletImages,
  ...kubeletNode,
  ...kubeletResources,
});

// KubeProxyConfiguration.
const syncPeriods = { syncPeriod: duration, minSyncPeriod: duration };

export const KUBE_PROXY_SCHEMA: Schema = obj({
  ...typeMeta,
  featureGates: map(bool),
  clientConnection: obj({ kubeconfig: str, acceptContentTypes: str, contentType: str, qps: num, burst: int }),
  logging,
  hostnameOverride: str,
  bindAddress: str,
  healthzBindAddress: str,
  metricsBindAddress: str,
  bindAddressHardFail: bool,
  enableProfiling: bool,
  showHiddenMetricsForVersion: str,
  mode: oneOf('', 'iptables', 'ipvs', 'nftables', 'kernelspace'),
  iptables: obj({ ...syncPeriods, masqueradeBit: int, masqueradeAll: bool, localhostNodePorts: bool, snatNodeInternalIP: bool }),
  ipvs: obj({
    ...syncPeriods,
    scheduler: str,
    excludeCIDRs: list(str),
    strictARP: bool,
    tcpTimeout: duration,
    tcpFinTimeout: duration,
    udpTimeout: duration,
  }),
  nftables: obj({ ...syncPeriods, masqueradeBit: int, masqueradeAll: bool }),
  winkernel: obj({ networkName: str, sourceVip: str, enableDSR: bool, rootHnsEndpointName: str, forwardHealthCheckVip: bool }),
  detectLocalMode: oneOf('', 'ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'),
  detectLocal: obj({ bridgeInterface: str, interfaceNamePrefix: str }),
  clusterCIDR: str,
  nodePortAddresses: list(str),
  oomScoreAdj: int,
  conntrack: obj({
    maxPerCore: int,
    min: int,
    tcpEstablishedTimeout: duration,
    tcpCloseWaitTimeout: duration,
    tcpBeLiberal: bool,
    udpTimeout: duration,
    udpStreamTimeout: duration,
  }),
  configSyncPeriod: duration,
  portRange: str,
  windowsRunAsService: bool,
});

/** Component config kind → its one accepted apiVersion and the schema of that version. */
export const COMPONENT_CONFIGS: Readonly<Record<string, { readonly apiVersion: string; readonly schema: Schema }>> = {
  KubeletConfiguration: { apiVersion: 'kubelet.config.k8s.io/v1beta1', schema: KUBELET_SCHEMA },
  KubeProxyConfiguration: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', schema: KUBE_PROXY_SCHEMA },
};
