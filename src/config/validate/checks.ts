/**
 * Pure value checks used by validation: DNS names, CIDR lists (dual-stack aware),
 * host[:port] endpoints, image repositories. Each returns `undefined` when fine, else what is wrong
 * and what is allowed, phrased to follow the field path in a message.
 */
import { isAbsolute } from 'node:path';
import { kernelFilesystemOf } from '../kernel-filesystems.js';
import { isDNS1123Subdomain } from '../../net/dns-names.js';
import { parsePort, splitHostPort } from '../../net/host-port.js';
import { type Cidr, ipFamily, parseCidr } from '../../net/ip.js';

export function checkDNSSubdomain(s: string): string | undefined {
  if (isDNS1123Subdomain(s)) return undefined;
  if (s.length > 253) return `must be no more than 253 characters, got ${s.length}`;
  return `${JSON.stringify(s)} is not a valid DNS name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (RFC 1123 subdomain)`;
}

/** Parsed CIDRs of a comma-separated list (one CIDR, or one IPv4 and one IPv6 for dual-stack). */
export function parseCidrList(text: string): { cidrs: Cidr[] } | { error: string } {
  const parts = text.split(',').map((p) => p.trim());
  const cidrs: Cidr[] = [];
  for (const p of parts) {
    const c = parseCidr(p);
    if (!c) return { error: `${JSON.stringify(p)} is not a valid CIDR (e.g. 10.244.0.0/16, or "<IPv4 CIDR>,<IPv6 CIDR>" for dual-stack)` };
    cidrs.push(c);
  }
  if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0]!.family === cidrs[1]!.family)) {
    return { error: `${JSON.stringify(text)}: expected one CIDR (IPv4 or IPv6) or two, one of each family, for dual-stack networking` };
  }
  return { cidrs };
}

export const cidrText = (c: Cidr): string => `${c.address}/${c.prefix}`;

/** kubeadm's ParseHostPort: `host` or `host:port`, host an IP or a DNS name, IPv6 bracketed when a port is given. */
export function checkHostPort(text: string): string | undefined {
  const split = splitHostPort(text);
  if (!split && text.startsWith('[')) {
    return `${JSON.stringify(text)} is not a valid endpoint: brackets go with a port ("${text}:6443"), or give the bare address (${JSON.stringify(text.replace(/^\[(.*)\]$/, '$1'))})`;
  }
  const host = split ? split.host : text;
  if (split && parsePort(split.port) === undefined) {
    return `port ${JSON.stringify(split.port)} in ${JSON.stringify(text)} is not valid: use 1–65535`;
  }
  if (ipFamily(host) !== 0 || isDNS1123Subdomain(host)) return undefined;
  return `${JSON.stringify(text)} is not a valid endpoint: use host or host:port, host an IP address or a DNS name (e.g. cp.example.com:6443, [2001:db8::1]:6443)`;
}

/** `host:port` as a joining node dials it (port required). */
export function checkHostPortRequired(text: string): string | undefined {
  const split = splitHostPort(text);
  if (!split) return `${JSON.stringify(text)} is not host:port (e.g. 192.0.2.10:6443 or [2001:db8::1]:6443)`;
  if (parsePort(split.port) === undefined) return `port ${JSON.stringify(split.port)} is not valid: use 1–65535`;
  if (split.host === '' || (ipFamily(split.host) === 0 && !isDNS1123Subdomain(split.host))) {
    return `host ${JSON.stringify(split.host)} is not an IP address or a DNS name`;
  }
  return undefined;
}

const HOST_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*:[\\w][\\w.-]{0,127}$`);

/** kubeadm's check: `<repository>/name:tag` must be a valid image reference. */
export function checkImageRepository(repo: string): string | undefined {
  if (REFERENCE.test(`${repo}/name:tag`)) return undefined;
  return `${JSON.stringify(repo)} is not a valid image repository (e.g. registry.k8s.io or registry.example.com:5000/k8s)`;
}

/** Index of the first control character (newline, tab, NUL…), or -1. */
export function controlCharIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) return i;
  }
  return -1;
}

/**
 * kubeadm's ValidateAbsolutePath: relative paths are refused, never taken from the working directory.
 * A directory this tool writes into (`writes`) must also not lie in /proc or /sys.
 */
export function checkAbsolutePath(path: string, opts: { example: string; writes?: boolean }): string | undefined {
  if (!isAbsolute(path)) {
    return `${JSON.stringify(path)} must be an absolute path (relative paths are not resolved against the working directory), e.g. ${opts.example}`;
  }
  const kernel = opts.writes ? kernelFilesystemOf(path) : undefined;
  if (kernel) return `${JSON.stringify(path)} is under ${kernel}, a kernel filesystem where nothing can be written: choose a directory on a real filesystem`;
  return undefined;
}
