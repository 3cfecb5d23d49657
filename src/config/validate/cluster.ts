/**
 * Semantic checks of the defaulted ClusterConfiguration (kubeadm's ValidateClusterConfiguration and
 * more): networking, endpoints, SANs, etcd, component arguments and volumes, algorithms, periods.
 */
import { cidrSize, cidrsOverlap, ipFamily, ipProblem } from '../../net/ip.js';
import { isDNS1123Label, isDNS1123Subdomain, isWildcardDNS1123Subdomain } from '../../net/dns-names.js';
import { isIP } from 'node:net';
import {
  checkAbsolutePath,
  checkDNSSubdomain,
  checkHostPort,
  checkImageRepository,
  controlCharIndex,
  cidrText,
  parseCidrList,
} from './checks.js';
import { getArgValue } from '../args.js';
import { durationProblem } from '../duration.js';
import { MINIMUM_ADDRESSES_IN_SERVICE_SUBNET } from '../constants.js';
import type { Reporter } from '../report.js';
import type { Arg, ClusterConfiguration, ControlPlaneComponent, EnvVar } from '../types.js';
import { resolveKubernetesVersion } from '../version.js';
import { checkFeatureGates } from './feature-gates.js';
import { releaseFor } from '../../versions/release.js';

const C = 'ClusterConfiguration';
/** kubeadm constants.MaximumBitsForServiceSubnet / MinimumAddressesInPodSubnet / PodSubnetNodeMaskMaxDiff. */
const MAX_SERVICE_SUBNET_HOST_BITS = 20;
const MIN_ADDRESSES_IN_POD_SUBNET = 14;
const POD_SUBNET_NODE_MASK_MAX_DIFF = 16;
/** kubeadm's EncryptionAlgorithmType values (v1beta4; ECDSA-P384 since v1.34). Case matters, as in kubeadm. */
const ALGORITHMS = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256', 'ECDSA-P384'];
/** A DNS subdomain's length: plenty for a name that appears in every kubeconfig and the kubeadm-config ConfigMap. */
const MAX_CLUSTER_NAME = 253;
const MAX_CERT_SANS = 256;
/** A certificate lasting less than this is expired before anyone can use it. */
const MIN_VALIDITY_MS = 60_000;
/** The last notAfter X.509's GeneralizedTime can hold (RFC 5280: 99991231235959Z). */
const LAST_NOT_AFTER_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
const PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

/** Report `value` at `path` unless it is an absolute path (see checkAbsolutePath). */
export function absolutePath(value: string, path: string, r: Reporter, opts: { example: string; writes?: boolean }): void {
  const bad = checkAbsolutePath(value, opts);
  if (bad) r.add(path, bad);
}

export function checkArgs(list: readonly Arg[], path: string, r: Reporter): void {
  list.forEach((a, i) => {
    if (a.name === '') r.add(`${path}[${i}].name`, 'argument has no name: give the flag name without leading dashes (e.g. name: v)');
    else if (a.name.startsWith('-')) r.add(`${path}[${i}].name`, `${JSON.stringify(a.name)} must be the flag name without leading dashes (e.g. ${JSON.stringify(a.name.replace(/^-+/, ''))})`);
    else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(a.name)) r.add(`${path}[${i}].name`, `${JSON.stringify(a.name)} is not a flag name (letters, digits, '-', '_', '.')`);
  });
}

function checkEnvs(list: readonly EnvVar[], path: string, r: Reporter): void {
  list.forEach((e, i) => {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(e.name)) r.add(`${path}[${i}].name`, `${JSON.stringify(e.name)} is not a valid environment variable name`);
  });
}

function checkComponent(c: ControlPlaneComponent, path: string, r: Reporter): void {
  checkArgs(c.extraArgs, `${path}.extraArgs`, r);
  checkEnvs(c.extraEnvs, `${path}.extraEnvs`, r);
  const seen = new Set<string>();
  c.extraVolumes.forEach((v, i) => {
    const p = `${path}.extraVolumes[${i}]`;
    if (!isDNS1123Label(v.name)) r.add(`${p}.name`, `${JSON.stringify(v.name)} is not a valid volume name: lower-case letters, digits and '-', at most 63 characters`);
    else if (seen.has(v.name)) r.add(`${p}.name`, `volume name ${JSON.stringify(v.name)} is used twice`);
    seen.add(v.name);
    absolutePath(v.hostPath, `${p}.hostPath`, r, { example: '/var/log/audit' });
    absolutePath(v.mountPath, `${p}.mountPath`, r, { example: '/var/log/audit' });
    if (!PATH_TYPES.includes(v.pathType)) r.add(`${p}.pathType`, `${JSON.stringify(v.pathType)} is not a host path type: use one of ${PATH_TYPES.filter(Boolean).join(', ')}`);
  });
}

function checkSANs(sans: readonly string[], path: string, r: Reporter): void {
  if (sans.length > MAX_CERT_SANS) {
    r.add(path, `has ${sans.length} entries: at most ${MAX_CERT_SANS}`);
    return;
  }
  sans.forEach((s, i) => {
    if (isIP(s) === 6 && s.includes('%')) r.add(`${path}[${i}]`, ipProblem(s)!);
    else if (ipFamily(s) === 0 && !isDNS1123Subdomain(s) && !isWildcardDNS1123Subdomain(s)) {
      r.add(`${path}[${i}]`, `${JSON.stringify(s)} is not a valid IP address, DNS name or wildcard DNS name (*.example.com)`);
    }
  });
}

function checkNetworking(c: ClusterConfiguration, r: Reporter): void {
  const n = c.networking;
  const dns = checkDNSSubdomain(n.dnsDomain);
  if (dns) r.add(`${C}.networking.dnsDomain`, dns);
  const svc = parseCidrList(n.serviceSubnet);
  if ('error' in svc) r.add(`${C}.networking.serviceSubnet`, svc.error);
  else {
    for (const s of svc.cidrs) {
      const bits = s.family === 4 ? 32 : 128;
      if (cidrSize(s) < BigInt(MINIMUM_ADDRESSES_IN_SERVICE_SUBNET)) {
        r.add(`${C}.networking.serviceSubnet`, `subnet ${cidrText(s)} with ${cidrSize(s)} address(es) is too small, the minimum is ${MINIMUM_ADDRESSES_IN_SERVICE_SUBNET}`);
      } else if (bits - s.prefix > MAX_SERVICE_SUBNET_HOST_BITS) {
        r.add(`${C}.networking.serviceSubnet`, `subnet ${cidrText(s)} is too large; for ${bits}-bit addresses, the mask must be >= ${bits - MAX_SERVICE_SUBNET_HOST_BITS}`);
      }
    }
  }
  if (n.podSubnet === '') return;
  const pod = parseCidrList(n.podSubnet);
  if ('error' in pod) {
    r.add(`${C}.networking.podSubnet`, pod.error);
    return;
  }
  const allocate = getArgValue(c.controllerManager.extraArgs, 'allocate-node-cidrs') !== 'false';
  for (const p of pod.cidrs) {
    if (cidrSize(p) < BigInt(MIN_ADDRESSES_IN_POD_SUBNET)) {
      r.add(`${C}.networking.podSubnet`, `subnet ${cidrText(p)} with ${cidrSize(p)} address(es) is too small, the minimum is ${MIN_ADDRESSES_IN_POD_SUBNET}`);
      continue;
    }
    if ('cidrs' in svc) {
      const clash = svc.cidrs.find((s) => cidrsOverlap(s, p));
      if (clash) r.add(`${C}.networking.podSubnet`, `${cidrText(p)} overlaps the service subnet ${cidrText(clash)}: pods and services need separate ranges`);
    }
    if (!allocate) continue;
    const flag = p.family === 4 ? 'node-cidr-mask-size-ipv4' : 'node-cidr-mask-size-ipv6';
    const text = getArgValue(c.controllerManager.extraArgs, flag);
    const nodeMask = text === undefined ? (p.family === 4 ? 24 : 64) : Number(text);
    if (!Number.isInteger(nodeMask)) {
      r.add(`${C}.controllerManager.extraArgs`, `the value of the kube-controller-manager flag ${flag} (${JSON.stringify(text)}) is not an integer`);
    } else if (p.prefix > nodeMask) {
      r.add(`${C}.networking.podSubnet`, `the size of pod subnet with mask ${p.prefix} is smaller than the size of node subnet with mask ${nodeMask} (set the controllerManager flag ${flag} or use a larger pod subnet)`);
    } else if (nodeMask - p.prefix > POD_SUBNET_NODE_MASK_MAX_DIFF) {
      r.add(`${C}.networking.podSubnet`, `pod subnet mask (${p.prefix}) and node-mask (${nodeMask}) difference is greater than ${POD_SUBNET_NODE_MASK_MAX_DIFF}`);
    }
  }
}

function checkEtcd(c: ClusterConfiguration, r: Reporter): void {
  const { local, external } = c.etcd;
  if (local && external) {
    r.add(`${C}.etcd`, 'local and external are mutually exclusive: keep only one of them');
    return;
  }
  if (local) {
    absolutePath(local.dataDir, `${C}.etcd.local.dataDir`, r, { example: '/var/lib/etcd', writes: true });
    checkSANs(local.serverCertSANs, `${C}.etcd.local.serverCertSANs`, r);
    checkSANs(local.peerCertSANs, `${C}.etcd.local.peerCertSANs`, r);
    checkArgs(local.extraArgs, `${C}.etcd.local.extraArgs`, r);
    checkEnvs(local.extraEnvs, `${C}.etcd.local.extraEnvs`, r);
    if (local.imageRepository) {
      const bad = checkImageRepository(local.imageRepository);
      if (bad) r.add(`${C}.etcd.local.imageRepository`, bad);
    }
  }
  if (!external) return;
  const p = `${C}.etcd.external`;
  const tls = external.caFile !== '' || external.certFile !== '' || external.keyFile !== '';
  if (external.endpoints.length === 0) r.add(`${p}.endpoints`, 'at least one etcd endpoint URL is required (e.g. https://10.0.0.5:2379)');
  const checkURL = (e: string, at: string): void => {
    let url: URL | undefined;
    try {
      url = new URL(e);
    } catch {
      r.add(at, `${JSON.stringify(e)} is not a URL (e.g. https://10.0.0.5:2379)`);
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') r.add(at, `${JSON.stringify(e)} must use https:// (or http:// without TLS files)`);
    else if (tls && url.protocol !== 'https:') r.add(at, `${JSON.stringify(e)} must use https:// when caFile/certFile/keyFile are set`);
    else if (url.protocol === 'https:' && !tls) r.add(at, `${JSON.stringify(e)} is https: set caFile, certFile and keyFile`);
  };
  external.endpoints.forEach((e, i) => checkURL(e, `${p}.endpoints[${i}]`));
  const httpEndpoints = external.httpEndpoints ?? [];
  if (httpEndpoints.length > 0 && !releaseFor(c.kubernetesVersion).config.externalEtcdHTTPEndpoints) {
    r.add(`${p}.httpEndpoints`, `is known from Kubernetes v1.35 on, not in ${c.kubernetesVersion}: remove it (endpoints serve HTTP too) or raise kubernetesVersion`);
  } else {
    httpEndpoints.forEach((e, i) => checkURL(e, `${p}.httpEndpoints[${i}]`));
  }
  if ((external.certFile === '') !== (external.keyFile === '')) r.add(p, 'either both or none of certFile and keyFile must be set');
  else if (external.certFile !== '' && external.caFile === '') r.add(`${p}.caFile`, 'is required when certFile and keyFile are set');
  for (const f of ['caFile', 'certFile', 'keyFile'] as const) {
    if (external[f] !== '') absolutePath(external[f], `${p}.${f}`, r, { example: `/etc/etcd/${f === 'keyFile' ? 'client.key' : f === 'caFile' ? 'ca.crt' : 'client.crt'}` });
  }
}

function checkPeriods(c: ClusterConfiguration, r: Reporter): void {
  const periods = { certificateValidityPeriod: c.certificateValidityPeriod, caCertificateValidityPeriod: c.caCertificateValidityPeriod };
  for (const [field, d] of Object.entries(periods)) {
    if (Number.isNaN(d.ms)) r.add(`${C}.${field}`, `${JSON.stringify(d.text)} ${durationProblem(d.text) ?? 'is not a duration'} (e.g. 8760h, 87600h0m0s)`);
    else if (d.ms <= 0) r.add(`${C}.${field}`, `must be greater than zero, got ${JSON.stringify(d.text)}`);
    else if (d.ms < MIN_VALIDITY_MS) r.add(`${C}.${field}`, `${JSON.stringify(d.text)} is shorter than a minute: certificates would expire before the cluster starts (e.g. 8760h)`);
    else if (Date.now() + d.ms > LAST_NOT_AFTER_MS) r.add(`${C}.${field}`, `${JSON.stringify(d.text)} ends after the year 9999, which an X.509 certificate cannot express`);
  }
  const cert = c.certificateValidityPeriod.ms;
  const ca = c.caCertificateValidityPeriod.ms;
  if (cert > 0 && ca > 0 && cert > ca) {
    r.warn(`certificateValidityPeriod: the value ${c.certificateValidityPeriod.text} is more than the caCertificateValidityPeriod ${c.caCertificateValidityPeriod.text}; certificates cannot outlive the CA that signs them`);
  }
}

export function validateCluster(c: ClusterConfiguration, r: Reporter): void {
  checkNetworking(c, r);
  const version = resolveKubernetesVersion(c.kubernetesVersion);
  if ('error' in version) r.add(`${C}.kubernetesVersion`, version.error);
  if (c.controlPlaneEndpoint !== '') {
    const bad = checkHostPort(c.controlPlaneEndpoint);
    if (bad) r.add(`${C}.controlPlaneEndpoint`, bad);
  }
  checkSANs(c.apiServer.certSANs, `${C}.apiServer.certSANs`, r);
  checkComponent(c.apiServer, `${C}.apiServer`, r);
  checkComponent(c.controllerManager, `${C}.controllerManager`, r);
  checkComponent(c.scheduler, `${C}.scheduler`, r);
  absolutePath(c.certificatesDir, `${C}.certificatesDir`, r, { example: '/etc/kubernetes/pki', writes: true });
  for (const [path, repo] of [[`${C}.imageRepository`, c.imageRepository], [`${C}.dns.imageRepository`, c.dns.imageRepository]] as const) {
    const bad = repo ? checkImageRepository(repo) : undefined;
    if (bad) r.add(path, bad);
  }
  checkEtcd(c, r);
  if (!ALGORITHMS.includes(c.encryptionAlgorithm)) {
    r.add(`${C}.encryptionAlgorithm`, `${JSON.stringify(c.encryptionAlgorithm)} is not a known algorithm: use one of ${ALGORITHMS.join(', ')}`);
  }
  checkPeriods(c, r);
  checkFeatureGates(c.featureGates, c.kubernetesVersion, r);
  if (c.clusterName === '') r.add(`${C}.clusterName`, 'must not be empty');
  else if (c.clusterName.length > MAX_CLUSTER_NAME) r.add(`${C}.clusterName`, `is ${c.clusterName.length} characters long: at most ${MAX_CLUSTER_NAME} (it names the cluster in every kubeconfig)`);
  else if (controlCharIndex(c.clusterName) >= 0) r.add(`${C}.clusterName`, 'must not contain control characters (newlines, tabs…)');
}
