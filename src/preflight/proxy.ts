/**
 * Which proxy Go's net/http would use for a request (http.ProxyFromEnvironment, as kubeadm's
 * HTTPProxy checks call it): HTTPS_PROXY/https_proxy for https URLs, HTTP_PROXY/http_proxy for
 * http, never for localhost or loopback addresses, and not for hosts NO_PROXY/no_proxy exempts
 * (`*`, CIDRs, IPs, `name` for itself and its subdomains, `.name` or `*.name` for subdomains only,
 * optional `:port`). A proxy password is masked when printed.
 */
import { ipFamily, parseCidr, ipToBigInt, cidrSize } from '../net/ip.js';

type Env = Readonly<Record<string, string | undefined>>;

const first = (env: Env, ...names: string[]): string => {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return v;
  }
  return '';
};

/** The proxy URL as Go prints it (a bare `host:port` gets `http://`). */
function normalizeProxy(raw: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const u = new URL(withScheme);
    const auth = u.username ? `${u.username}${u.password ? ':***' : ''}@` : '';
    return `${u.protocol}//${auth}${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return withScheme;
  }
}

function inCidr(ip: string, cidrText: string): boolean {
  const c = parseCidr(cidrText);
  if (!c || ipFamily(ip) !== c.family) return false;
  const n = ipToBigInt(ip);
  return n >= c.base && n < c.base + cidrSize(c);
}

function exempt(host: string, port: string, noProxy: string): boolean {
  const h = host.toLowerCase();
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (ipFamily(h) !== 0 && inCidr(h, entry)) return true;
      continue;
    }
    let entryPort = '';
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) {
      entry = m[1]!;
      entryPort = m[2]!;
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort && entryPort !== port) continue;
    if (ipFamily(entry) !== 0) {
      if (ipFamily(h) !== 0 && ipToBigInt(entry) === ipToBigInt(h)) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.') ? h.endsWith(entry) : h === entry || h.endsWith(`.${entry}`)) return true;
  }
  return false;
}

function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const fam = ipFamily(host);
  if (fam === 4) return host.startsWith('127.');
  if (fam === 6) return ipToBigInt(host) === 1n;
  return false;
}

/** The proxy a request to `url` would go through, or `undefined` for a direct connection. */
export function proxyFor(env: Env, url: string): string | undefined {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const proxy = u.protocol === 'https:' ? first(env, 'HTTPS_PROXY', 'https_proxy') : first(env, 'HTTP_PROXY', 'http_proxy');
  if (!proxy || isLoopback(host)) return undefined;
  if (exempt(host, port, first(env, 'NO_PROXY', 'no_proxy'))) return undefined;
  return normalizeProxy(proxy);
}
