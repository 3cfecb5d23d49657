/**
 * The API server URLs written into kubeconfig files, by kubeadm's rules (util/endpoint.go):
 * the local endpoint is https://advertiseAddress:bindPort; the control-plane endpoint is
 * controlPlaneEndpoint's host with its own port (warning when it differs from bindPort) or bindPort.
 */
import type { APIEndpoint, Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import { joinHostPort } from '../net/ip.js';
import { canonicalIP } from '../pki/ipbytes.js';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);

/** Kubernetes' IsDNS1123Subdomain. */
export function isDNS1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** Kubernetes' IsWildcardDNS1123Subdomain: `*.` followed by a subdomain. */
export function isWildcardDNS1123Subdomain(s: string): boolean {
  return s.length <= 253 && s.startsWith('*.') && DNS1123_SUBDOMAIN.test(s.slice(2));
}

/** Go's net.SplitHostPort; `undefined` when the text has no port part. */
function splitHostPort(text: string): { host: string; port: string } | undefined {
  const bracket = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
  if (bracket) return { host: bracket[1]!, port: bracket[2]! };
  const i = text.lastIndexOf(':');
  if (i < 0 || text.indexOf(':') !== i || text.includes('[') || text.includes(']')) return undefined;
  return { host: text.slice(0, i), port: text.slice(i + 1) };
}

function validPort(port: string): boolean {
  return /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

/** kubeadm's ParseHostPort: host (IP or DNS subdomain) and optional port; `field` names the input in errors. */
export function parseHostPort(text: string, field = 'controlPlaneEndpoint'): { host: string; port: string | undefined } {
  const split = splitHostPort(text);
  const host = split ? split.host : text;
  const port = split?.port || undefined; // Go treats an empty port like none
  const fail = (why: string): never => {
    throw new MinikubeadmError('CONFIG_INVALID', `invalid value "${text}" given for ${field}: ${why}`, {
      hint: `set ${field} to a DNS name or IP address with an optional port, e.g. "cp.example.com:6443" or "[fd00::1]:6443"`,
    });
  };
  if (port !== undefined && !validPort(port)) fail(`port ${port} must be a valid number between 1 and 65535, inclusive`);
  if (canonicalIP(host) === undefined && !isDNS1123Subdomain(host)) {
    fail(`host '${host}' must be a valid IP address or a valid RFC-1123 DNS subdomain`);
  }
  return { host, port };
}

/** https://advertiseAddress:bindPort (IPv6 bracketed), kubeadm's GetLocalAPIEndpoint. */
export function localAPIEndpoint(endpoint: APIEndpoint): string {
  const ip = canonicalIP(endpoint.advertiseAddress);
  if (ip === undefined) {
    throw new MinikubeadmError('CONFIG_INVALID', `invalid value "${endpoint.advertiseAddress}" given for localAPIEndpoint.advertiseAddress: not an IP address`, {
      hint: 'set localAPIEndpoint.advertiseAddress (or --apiserver-advertise-address) to an IP address of this node',
    });
  }
  if (!validPort(String(endpoint.bindPort))) {
    throw new MinikubeadmError('CONFIG_INVALID', `invalid value "${endpoint.bindPort}" given for localAPIEndpoint.bindPort: must be between 1 and 65535`, {
      hint: 'set localAPIEndpoint.bindPort (or --apiserver-bind-port) to a port number, default 6443',
    });
  }
  return `https://${joinHostPort(ip, endpoint.bindPort)}`;
}

/**
 * kubeadm's GetControlPlaneEndpoint for `config` (InitConfiguration's local endpoint). `warn` gets
 * kubeadm's warning when controlPlaneEndpoint's port differs from bindPort.
 */
export function controlPlaneEndpoint(config: Config, warn: (message: string) => void = () => undefined): string {
  const local = config.init.localAPIEndpoint;
  const localURL = localAPIEndpoint(local);
  const cpe = config.cluster.controlPlaneEndpoint;
  if (!cpe) return localURL;
  const { host, port } = parseHostPort(cpe);
  const bindPort = String(local.bindPort);
  if (port !== undefined && port !== bindPort) warn('port specified in controlPlaneEndpoint overrides bindPort in the controlplane address');
  return `https://${joinHostPort(host, port ?? bindPort)}`;
}
