/**
 * The KubeletConfiguration kubeadm hands every kubelet, one rule set for the real run and for
 * `config print --component-configs`: the document of the config file (or, for printing, the Go
 * type's zero values) with kubeadm's defaults filled in: static pod path, cluster DNS (10th address
 * of the service subnet), cluster domain, client CA, webhook authentication and authorization,
 * healthz on 127.0.0.1:10248, certificate rotation (always on), systemd cgroup driver and, when
 * systemd-resolved runs, its resolv.conf. A user value that differs from kubeadm's recommendation
 * is kept, with kubeadm's warning.
 */
import { join } from 'node:path';
import { CA_BASE_NAME, PORTS } from '../constants.js';
import { clusterDnsIP } from '../network.js';
import type { ClusterConfiguration, ComponentConfigDocument } from '../types.js';

const KUBELET_CONFIG_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
const SYSTEMD_RESOLVER_CONFIG = '/run/systemd/resolve/resolv.conf';
const HEALTHZ_BIND_ADDRESS = '127.0.0.1';
const KIND = 'KubeletConfiguration';

type Json = Record<string, unknown>;

const logging = { flushFrequency: 0, options: { json: { infoBufferSize: '0' }, text: { infoBufferSize: '0' } }, verbosity: 0 };

/**
 * The fields kubeadm prints for a KubeletConfiguration it did not default: the Go type's zero values
 * (its pointer fields, which kubeadm defaults, are absent here and filled by the rules below).
 */
export const KUBELET_ZERO_VALUES: Readonly<Json> = {
  authentication: { webhook: { cacheTTL: '0s' } },
  authorization: { webhook: { cacheAuthorizedTTL: '0s', cacheUnauthorizedTTL: '0s' } },
  containerRuntimeEndpoint: '',
  cpuManagerReconcilePeriod: '0s',
  evictionPressureTransitionPeriod: '0s',
  fileCheckFrequency: '0s',
  httpCheckFrequency: '0s',
  imageMaximumGCAge: '0s',
  imageMinimumGCAge: '0s',
  logging,
  memorySwap: {},
  nodeStatusReportFrequency: '0s',
  nodeStatusUpdateFrequency: '0s',
  runtimeRequestTimeout: '0s',
  shutdownGracePeriod: '0s',
  shutdownGracePeriodCriticalPods: '0s',
  streamingConnectionIdleTimeout: '0s',
  syncFrequency: '0s',
  volumeStatsAggPeriod: '0s',
};

export interface KubeletDefaultsInput {
  /** The KubeletConfiguration document the defaults go over (the config file's, if it had one). */
  base: Readonly<Json> | ComponentConfigDocument | undefined;
  cluster: Pick<ClusterConfiguration, 'networking'>;
  /** Where the kubelet finds static Pods and the cluster CA. */
  manifestsDir: string;
  certificatesDir: string;
  /** systemd-resolved is active on this host. */
  systemdResolved: boolean;
}

export interface KubeletConfigResult {
  document: Json;
  /** kubeadm's warnings for user values that differ from its recommendations. */
  warnings: string[];
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.join(' ')}]` : String(v));

export function defaultKubeletConfiguration(input: KubeletDefaultsInput): KubeletConfigResult {
  const doc: Json = structuredClone({ ...(input.base ?? {}) }) as Json;
  doc['apiVersion'] = KUBELET_CONFIG_API_VERSION;
  doc['kind'] = KIND;
  const warnings: string[] = [];
  const warn = (field: string, recommended: unknown, provided: unknown): void => {
    warnings.push(`The recommended value for "${field}" in "${KIND}" is: ${show(recommended)}; the provided value is: ${show(provided)}`);
  };
  const obj = (parent: Json, key: string): Json => {
    const v = parent[key];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
    const fresh: Json = {};
    parent[key] = fresh;
    return fresh;
  };
  /** Set `key` to `value` when unset; warn when set to something else. */
  const recommend = (parent: Json, key: string, field: string, value: unknown, equal = (a: unknown) => a === value): void => {
    if (parent[key] === undefined || parent[key] === null || parent[key] === '') parent[key] = value;
    else if (!equal(parent[key])) warn(field, value, parent[key]);
  };

  const networking = input.cluster.networking;
  recommend(doc, 'staticPodPath', 'staticPodPath', input.manifestsDir);
  const dns = clusterDnsIP(networking.serviceSubnet);
  recommend(doc, 'clusterDNS', 'clusterDNS', [dns], (v) => Array.isArray(v) && v.length === 1 && v[0] === dns);
  if (networking.dnsDomain) recommend(doc, 'clusterDomain', 'clusterDomain', networking.dnsDomain);
  const authn = obj(doc, 'authentication');
  recommend(obj(authn, 'x509'), 'clientCAFile', 'authentication.x509.clientCAFile', join(input.certificatesDir, `${CA_BASE_NAME}.crt`));
  recommend(obj(authn, 'anonymous'), 'enabled', 'authentication.anonymous.enabled', false);
  recommend(obj(doc, 'authorization'), 'mode', 'authorization.mode', 'Webhook');
  recommend(obj(authn, 'webhook'), 'enabled', 'authentication.webhook.enabled', true);
  recommend(doc, 'healthzBindAddress', 'healthzBindAddress', HEALTHZ_BIND_ADDRESS);
  recommend(doc, 'healthzPort', 'healthzPort', PORTS.kubeletHealthz);
  if (doc['readOnlyPort'] !== undefined && doc['readOnlyPort'] !== 0) warn('readOnlyPort', 0, doc['readOnlyPort']);
  // kubeadm cannot tell an explicit false from unset here, so it always turns rotation on.
  doc['rotateCertificates'] = true;
  if (!doc['cgroupDriver']) doc['cgroupDriver'] = 'systemd';
  if (input.systemdResolved) recommend(doc, 'resolvConf', 'resolvConf', SYSTEMD_RESOLVER_CONFIG);
  return { document: doc, warnings };
}
