/**
 * The address the API server advertises when the config gives none: like kubeadm (apimachinery's
 * ChooseHostInterface), the global unicast address of the interface that carries the default route
 * (IPv4 from /proc/net/route first, then IPv6 from /proc/net/ipv6_route), else the first global
 * unicast address of any interface. The /proc root and the interface list are injectable for tests.
 */
import { readFile } from 'node:fs/promises';
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { ipToBigInt } from './ip.js';

export interface NetEnv {
  /** Root of the proc filesystem (default `/proc`). */
  procRoot?: string;
  /** `os.networkInterfaces()` or a stand-in. */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export interface DefaultRoute {
  iface: string;
  metric: number;
  family: 4 | 6;
}

/** Default routes (destination and mask 0) in /proc/net/route text, lowest metric first. */
export function parseRouteTable(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, dest, , flags, , , metric, mask] = f as [string, string, string, string, string, string, string, string];
    const up = (parseInt(flags, 16) & 0x1) === 1;
    if (up && /^0+$/.test(dest) && /^0+$/.test(mask)) routes.push({ iface, metric: parseInt(metric, 10) || 0, family: 4 });
  }
  return routes.sort((a, b) => a.metric - b.metric);
}

/** Default routes (::/0 with a next hop or a device) in /proc/net/ipv6_route text, lowest metric first. */
export function parseIPv6RouteTable(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [dest, prefix, , , , metric, , , flags, iface] = f as [string, string, string, string, string, string, string, string, string, string];
    const up = (parseInt(flags, 16) & 0x1) === 1;
    if (up && iface !== 'lo' && /^0{32}$/.test(dest) && prefix === '00') routes.push({ iface, metric: parseInt(metric, 16) || 0, family: 6 });
  }
  return routes.sort((a, b) => a.metric - b.metric);
}

/** Global unicast: not loopback, link-local, unspecified or multicast. */
export function isGlobalUnicast(address: string, family: 4 | 6): boolean {
  const n = ipToBigInt(address);
  if (family === 4) {
    const first = Number(n >> 24n);
    const linkLocal = (n >> 16n) === 0xa9fen; // 169.254/16
    return n !== 0n && first !== 127 && first < 224 && !linkLocal && n !== 0xffffffffn;
  }
  const top = n >> 118n; // fe80::/10
  return n !== 0n && n !== 1n && top !== 0x3fan && n >> 120n !== 0xffn;
}

function addressOf(infos: readonly NetworkInterfaceInfo[] | undefined, family: 4 | 6): string | undefined {
  for (const info of infos ?? []) {
    const fam = info.family === 'IPv4' || (info.family as unknown) === 4 ? 4 : 6;
    if (fam === family && !info.internal && isGlobalUnicast(info.address, fam)) return info.address;
  }
  return undefined;
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** The address to advertise, or `undefined` when this host has no usable address. */
export async function detectDefaultAddress(env: NetEnv = {}): Promise<string | undefined> {
  const proc = env.procRoot ?? '/proc';
  const ifaces = (env.interfaces ?? networkInterfaces)();
  const v4 = parseRouteTable(await readOptional(join(proc, 'net', 'route')));
  for (const route of v4) {
    const addr = addressOf(ifaces[route.iface], 4);
    if (addr) return addr;
  }
  const v6 = parseIPv6RouteTable(await readOptional(join(proc, 'net', 'ipv6_route')));
  for (const route of v6) {
    const addr = addressOf(ifaces[route.iface], 6);
    if (addr) return addr;
  }
  // No default route: the first global unicast address, IPv4 before IPv6, interfaces in name order.
  const names = Object.keys(ifaces).sort();
  for (const family of [4, 6] as const) {
    for (const name of names) {
      const addr = addressOf(ifaces[name], family);
      if (addr) return addr;
    }
  }
  return undefined;
}
