/**
 * The KubeletConfiguration and KubeProxyConfiguration documents kubeadm prints with
 * `config print init-defaults --component-configs …`: the types' zero values as kubeadm serialises
 * them, plus the fields kubeadm derives from the cluster (cluster DNS, domain, CA file, pod CIDR).
 */
import { join } from 'node:path';
import { indexedIP } from '../net/ip.js';
import { PORTS } from './constants.js';

export interface ComponentDefaultsInput {
  serviceSubnet: string;
  podSubnet: string;
  dnsDomain: string;
  certificatesDir: string;
  kubernetesDir: string;
  /** The advertise address decides the IP family of kube-proxy's bind address. */
  advertiseAddress: string;
}

export const COMPONENT_CONFIG_KINDS = ['KubeletConfiguration', 'KubeProxyConfiguration'] as const;
export type ComponentConfigKind = (typeof COMPONENT_CONFIG_KINDS)[number];

const logging = { flushFrequency: 0, options: { json: { infoBufferSize: '0' }, text: { infoBufferSize: '0' } }, verbosity: 0 };

export function kubeletDefaults(c: ComponentDefaultsInput): Record<string, unknown> {
  const dns = indexedIP(c.serviceSubnet.split(',')[0]!.trim(), 10);
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    authentication: {
      anonymous: { enabled: false },
      webhook: { cacheTTL: '0s', enabled: true },
      x509: { clientCAFile: join(c.certificatesDir, 'ca.crt') },
    },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: '0s', cacheUnauthorizedTTL: '0s' } },
    cgroupDriver: 'systemd',
    clusterDNS: dns === undefined ? [] : [dns],
    clusterDomain: c.dnsDomain,
    containerRuntimeEndpoint: '',
    cpuManagerReconcilePeriod: '0s',
    evictionPressureTransitionPeriod: '0s',
    fileCheckFrequency: '0s',
    healthzBindAddress: '127.0.0.1',
    healthzPort: PORTS.kubeletHealthz,
    httpCheckFrequency: '0s',
    imageMaximumGCAge: '0s',
    imageMinimumGCAge: '0s',
    logging,
    memorySwap: {},
    nodeStatusReportFrequency: '0s',
    nodeStatusUpdateFrequency: '0s',
    rotateCertificates: true,
    runtimeRequestTimeout: '0s',
    shutdownGracePeriod: '0s',
    shutdownGracePeriodCriticalPods: '0s',
    staticPodPath: join(c.kubernetesDir, 'manifests'),
    streamingConnectionIdleTimeout: '0s',
    syncFrequency: '0s',
    volumeStatsAggPeriod: '0s',
  };
}

export function kubeProxyDefaults(c: ComponentDefaultsInput): Record<string, unknown> {
  return {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    bindAddress: c.advertiseAddress.includes(':') ? '::' : '0.0.0.0',
    bindAddressHardFail: false,
    clientConnection: { acceptContentTypes: '', burst: 0, contentType: '', kubeconfig: '/var/lib/kube-proxy/kubeconfig.conf', qps: 0 },
    clusterCIDR: c.podSubnet,
    configSyncPeriod: '0s',
    conntrack: {
      maxPerCore: null,
      min: null,
      tcpBeLiberal: false,
      tcpCloseWaitTimeout: null,
      tcpEstablishedTimeout: null,
      udpStreamTimeout: '0s',
      udpTimeout: '0s',
    },
    detectLocal: { bridgeInterface: '', interfaceNamePrefix: '' },
    detectLocalMode: '',
    enableProfiling: false,
    healthzBindAddress: '',
    hostnameOverride: '',
    iptables: { localhostNodePorts: null, masqueradeAll: false, masqueradeBit: null, minSyncPeriod: '0s', syncPeriod: '0s' },
    ipvs: {
      excludeCIDRs: null,
      minSyncPeriod: '0s',
      scheduler: '',
      strictARP: false,
      syncPeriod: '0s',
      tcpFinTimeout: '0s',
      tcpTimeout: '0s',
      udpTimeout: '0s',
    },
    logging,
    metricsBindAddress: '',
    mode: '',
    nftables: { masqueradeAll: false, masqueradeBit: null, minSyncPeriod: '0s', syncPeriod: '0s' },
    nodePortAddresses: null,
    oomScoreAdj: null,
    portRange: '',
    showHiddenMetricsForVersion: '',
    winkernel: { enableDSR: false, forwardHealthCheckVip: false, networkName: '', rootHnsEndpointName: '', sourceVip: '' },
  };
}

export const COMPONENT_DEFAULTS: Readonly<Record<ComponentConfigKind, (c: ComponentDefaultsInput) => Record<string, unknown>>> = {
  KubeletConfiguration: kubeletDefaults,
  KubeProxyConfiguration: kubeProxyDefaults,
};
