/**
 * The KubeProxyConfiguration kubeadm gives the kube-proxy DaemonSet, one rule set for the real run
 * and for `config print --component-configs`: the config file's document (or, for printing, the Go
 * type's zero values) with the bind address by the advertise address' family, the cluster CIDR from
 * the pod subnet and the in-Pod kubeconfig path; a user value that differs is kept, with kubeadm's
 * warning.
 */
import { ipFamily } from '../../net/ip.js';
import type { ComponentConfigDocument } from '../types.js';

const KUBE_PROXY_CONFIG_API_VERSION = 'kubeproxy.config.k8s.io/v1alpha1';
const KUBE_PROXY_KUBECONFIG = '/var/lib/kube-proxy/kubeconfig.conf';
const KIND = 'KubeProxyConfiguration';

type Json = Record<string, unknown>;

const logging = { flushFrequency: 0, options: { json: { infoBufferSize: '0' }, text: { infoBufferSize: '0' } }, verbosity: 0 };

/** The fields kubeadm prints for a KubeProxyConfiguration: the Go type's zero values. */
export const KUBE_PROXY_ZERO_VALUES: Readonly<Json> = {
  bindAddressHardFail: false,
  clientConnection: { acceptContentTypes: '', burst: 0, contentType: '', qps: 0 },
  clusterCIDR: '',
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

export interface KubeProxyDefaultsInput {
  /** The document the defaults go over (the config file's KubeProxyConfiguration, if any). */
  base: Readonly<Json> | ComponentConfigDocument | undefined;
  /** The advertise address decides the IP family of the bind address. */
  advertiseAddress: string;
  podSubnet: string;
}

export interface KubeProxyConfigResult {
  document: Json;
  warnings: string[];
}

export function defaultKubeProxyConfiguration(input: KubeProxyDefaultsInput): KubeProxyConfigResult {
  const doc = structuredClone({ ...(input.base ?? {}) }) as Json;
  doc['apiVersion'] = KUBE_PROXY_CONFIG_API_VERSION;
  doc['kind'] = KIND;
  const warnings: string[] = [];
  const warn = (field: string, recommended: unknown, provided: unknown): void => {
    warnings.push(`The recommended value for "${field}" in "${KIND}" is: ${String(recommended)}; the provided value is: ${String(provided)}`);
  };
  const adv = input.advertiseAddress;
  const bind = adv && ipFamily(adv) === 6 ? '::' : '0.0.0.0';
  if (!doc['bindAddress']) doc['bindAddress'] = bind;
  else if (doc['bindAddress'] !== bind) warn('bindAddress', bind, doc['bindAddress']);
  const pods = input.podSubnet;
  if (!doc['clusterCIDR'] && pods) doc['clusterCIDR'] = pods;
  else if (pods && doc['clusterCIDR'] !== pods) warn('clusterCIDR', pods, doc['clusterCIDR']);
  const conn = (doc['clientConnection'] ??= {}) as Json;
  if (!conn['kubeconfig']) conn['kubeconfig'] = KUBE_PROXY_KUBECONFIG;
  else if (conn['kubeconfig'] !== KUBE_PROXY_KUBECONFIG) warn('clientConnection.kubeconfig', KUBE_PROXY_KUBECONFIG, conn['kubeconfig']);
  return { document: doc, warnings };
}
