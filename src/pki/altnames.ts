/**
 * Subject Alternative Names of the serving certificates, by kubeadm's rules (pkiutil/pki_helpers.go):
 * GetAPIServerAltNames, the etcd server/peer names, extra SANs from the config, and
 * RemoveDuplicateAltNames (DNS names unique and sorted, IPs deduplicated in order).
 */
import { apiServerVirtualIP } from '../config/network.js';
import type { Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import { isDNS1123Subdomain, isWildcardDNS1123Subdomain } from '../net/dns-names.js';
import { parseHostPort } from '../net/host-port.js';
import { canonicalIP } from '../net/ip.js';

export interface AltNames {
  dnsNames: string[];
  ips: string[];
}

export type Warn = (message: string) => void;

function advertiseIP(config: Config): string {
  const text = config.init.localAPIEndpoint.advertiseAddress;
  const ip = canonicalIP(text);
  if (ip === undefined) {
    throw new MinikubeadmError('CONFIG_INVALID', `error parsing localAPIEndpoint.advertiseAddress "${text}": is not a valid textual representation of an IP address`, {
      hint: 'set localAPIEndpoint.advertiseAddress (or --apiserver-advertise-address) to an IP address of this node',
    });
  }
  return ip;
}

/**
 * Add configured SANs: IPs to `ips`, DNS subdomains and wildcards to `dnsNames`, anything else is
 * skipped with kubeadm's warning naming `certName`.
 */
function appendSANs(alt: AltNames, sans: readonly string[], certName: string, warn: Warn): void {
  for (const san of sans) {
    const ip = canonicalIP(san);
    if (ip !== undefined) alt.ips.push(ip);
    else if (isDNS1123Subdomain(san) || isWildcardDNS1123Subdomain(san)) alt.dnsNames.push(san);
    else warn(`'${san}' was not added to the '${certName}' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry`);
  }
}

/** kubeadm's RemoveDuplicateAltNames: DNS names unique and sorted, IPs unique in their first order. */
export function removeDuplicateAltNames(alt: AltNames): AltNames {
  return { dnsNames: [...new Set(alt.dnsNames)].sort(), ips: [...new Set(alt.ips)] };
}

/** GetAPIServerAltNames: node name, kubernetes.default…, the service VIP, advertise address, controlPlaneEndpoint host, certSANs. */
export function apiServerAltNames(config: Config, warn: Warn): AltNames {
  const domain = config.cluster.networking.dnsDomain;
  const alt: AltNames = {
    dnsNames: [config.init.nodeRegistration.name, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${domain}`],
    ips: [apiServerVirtualIP(config.cluster.networking.serviceSubnet), advertiseIP(config)],
  };
  const cpe = config.cluster.controlPlaneEndpoint;
  if (cpe) {
    const { host } = parseHostPort(cpe);
    const ip = canonicalIP(host);
    if (ip !== undefined) alt.ips.push(ip);
    else alt.dnsNames.push(host);
  }
  appendSANs(alt, config.cluster.apiServer.certSANs, 'apiserver', warn);
  return removeDuplicateAltNames(alt);
}

/** The etcd server (`etcd/server`) or peer (`etcd/peer`) names: node name, localhost, advertise address, loopbacks, extra SANs. */
export function etcdAltNames(config: Config, which: 'server' | 'peer', warn: Warn): AltNames {
  const alt: AltNames = {
    dnsNames: [config.init.nodeRegistration.name, 'localhost'],
    ips: [advertiseIP(config), '127.0.0.1', '::1'],
  };
  const local = config.cluster.etcd.local;
  if (local) {
    const sans = which === 'server' ? local.serverCertSANs : local.peerCertSANs;
    appendSANs(alt, sans, `etcd/${which}`, warn);
  }
  return removeDuplicateAltNames(alt);
}
