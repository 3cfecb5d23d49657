/**
 * `host:port` text as Go and kubeadm handle it: net.SplitHostPort, net.JoinHostPort, a port number,
 * and kubeadm's ParseHostPort (host an IP or a DNS subdomain, port optional).
 */
import { isIP } from 'node:net';
import { MinikubeadmError } from '../errors.js';
import { isDNS1123Subdomain } from './dns-names.js';

/** Go's net.SplitHostPort: `host:port` or `[v6]:port`; `undefined` when there is no port part. */
export function splitHostPort(text: string): { host: string; port: string } | undefined {
  const m = /^\[([^\]]*)\]:([^:]*)$/.exec(text) ?? /^([^:[\]]*):([^:]*)$/.exec(text);
  return m ? { host: m[1]!, port: m[2]! } : undefined;
}

/** `host:port` with IPv6 hosts bracketed (Go's net.JoinHostPort). */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Port text 1–65535 → number, else `undefined`. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
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
  if (port !== undefined && parsePort(port) === undefined) fail(`port ${port} must be a valid number between 1 and 65535, inclusive`);
  if (isIP(host) === 0 && !isDNS1123Subdomain(host)) fail(`host '${host}' must be a valid IP address or a valid RFC-1123 DNS subdomain`);
  return { host, port };
}
