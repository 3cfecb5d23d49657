/**
 * The KubeletConfiguration kubeadm hands every kubelet: the user's document (if the config file had
 * one) with kubeadm's defaults filled in: static pod path, cluster DNS (10th address of the service
 * subnet), cluster domain, client CA, webhook authentication and authorization, healthz on
 * 127.0.0.1:10248, certificate rotation (always on), systemd cgroup driver and, when systemd-resolved
 * runs, its resolv.conf. A user value that differs from kubeadm's recommendation is kept, with
 * kubeadm's warning.
 */
import { join } from 'node:path';
import { DEFAULT_SERVICE_SUBNET, PORTS } from '../config/constants.js';
import type { ComponentConfigDocument, Config } from '../config/types.js';
import type { Paths } from '../host/paths.js';
import { sortedYaml } from '../kube/upload-config.js';
import { indexedIP } from '../net/ip.js';

export const KUBELET_CONFIG_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
export const KUBELET_CONFIG_FILE = 'config.yaml';
export const SYSTEMD_RESOLVER_CONFIG = '/run/systemd/resolve/resolv.conf';
const HEALTHZ_BIND_ADDRESS = '127.0.0.1';
const KIND = 'KubeletConfiguration';

type Json = Record<string, unknown>;

/** constants.GetDNSIP: the 10th address of the first service subnet (10.96.0.10 by default). */
export function clusterDnsIP(serviceSubnet: string): string {
  const first = serviceSubnet.split(',')[0]!.trim();
  return indexedIP(first, 10) ?? (indexedIP(DEFAULT_SERVICE_SUBNET, 10) as string);
}

export interface KubeletConfigInput {
  config: Config;
  paths: Paths;
  /** systemd-resolved is active on this host. */
  systemdResolved: boolean;
}

export interface KubeletConfigResult {
  document: Json;
  /** kubeadm's warnings for user values that differ from its recommendations. */
  warnings: string[];
  /** True when the config file supplied a KubeletConfiguration. */
  userSupplied: boolean;
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.join(' ')}]` : String(v));

export function buildKubeletConfiguration(input: KubeletConfigInput): KubeletConfigResult {
  const user: ComponentConfigDocument | undefined = input.config.kubelet;
  const doc: Json = structuredClone({ ...(user ?? {}) }) as Json;
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

  const cluster = input.config.cluster;
  recommend(doc, 'staticPodPath', 'staticPodPath', input.paths.manifestsDir);
  const dns = clusterDnsIP(cluster.networking.serviceSubnet);
  recommend(doc, 'clusterDNS', 'clusterDNS', [dns], (v) => Array.isArray(v) && v.length === 1 && v[0] === dns);
  if (cluster.networking.dnsDomain) recommend(doc, 'clusterDomain', 'clusterDomain', cluster.networking.dnsDomain);
  const authn = obj(doc, 'authentication');
  recommend(obj(authn, 'x509'), 'clientCAFile', 'authentication.x509.clientCAFile', join(input.paths.certificatesDir, 'ca.crt'));
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
  return { document: doc, warnings, userSupplied: user !== undefined };
}

/** The file and ConfigMap text: keys sorted at every level, like kubeadm's marshalling. */
export function kubeletConfigurationYaml(document: Json): string {
  return sortedYaml(document);
}

/** Where the kubelet reads it: `<kubelet-dir>/config.yaml`. */
export const kubeletConfigPath = (paths: Paths): string => join(paths.kubeletDir, KUBELET_CONFIG_FILE);
