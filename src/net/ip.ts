/**
 * IP and CIDR arithmetic (IPv4 and IPv6) as kubeadm uses it: validation, the n-th address of a
 * subnet (the API server VIP is index 1, the DNS VIP index 10), overlap and size checks.
 */
import { isIP } from 'node:net';

export interface Cidr {
  /** Network address as text, e.g. `10.96.0.0`. */
  address: string;
  prefix: number;
  family: 4 | 6;
  /** Network address as a number. */
  base: bigint;
}

const bits = (family: 4 | 6): number => (family === 4 ? 32 : 128);

/** 4, 6, or 0 when `ip` is not an address Go's net.ParseIP accepts (an IPv6 zone such as `%eth0` is not). */
export function ipFamily(ip: string): 0 | 4 | 6 {
  return ip.includes('%') ? 0 : (isIP(ip) as 0 | 4 | 6);
}

/** Why `text` is not an IP address, with the IPv6-zone case said plainly. */
export function ipProblem(text: string): string | undefined {
  if (ipFamily(text) !== 0) return undefined;
  if (isIP(text) === 6) return `${JSON.stringify(text)} has an IPv6 zone (${text.slice(text.indexOf('%'))}): zones are not allowed, give the address without it`;
  return `${JSON.stringify(text)} is not a valid IP address`;
}

export function ipToBigInt(ip: string): bigint {
  const family = isIP(ip);
  if (family === 4) return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  if (family === 6) {
    let text = ip;
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
      const n = ipToBigInt(v4[1]!);
      text = text.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.split('::') as [string, string | undefined];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  }
  throw new Error(`"${ip}" is not a valid IP address`);
}

export function bigIntToIP(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString()).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as Go's net.IP.String does (runs of 2 or more).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parse `a.b.c.d/n` or `x::/n`; `undefined` when invalid. The address is masked to the network. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const family = ipFamily(m[1]!);
  if (family === 0) return undefined;
  const prefix = Number(m[2]);
  const width = bits(family as 4 | 6);
  if (prefix > width) return undefined;
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  const base = ipToBigInt(m[1]!) & mask;
  return { address: bigIntToIP(base, family as 4 | 6), prefix, family: family as 4 | 6, base };
}

/** Number of addresses in the subnet. */
export function cidrSize(c: Cidr): bigint {
  return 1n << BigInt(bits(c.family) - c.prefix);
}

/** The address at `index` inside the subnet (kubeadm's GetIndexedIP), or `undefined` when out of range. */
export function indexedIP(cidrText: string, index: number): string | undefined {
  const c = parseCidr(cidrText);
  if (!c || BigInt(index) >= cidrSize(c)) return undefined;
  return bigIntToIP(c.base + BigInt(index), c.family);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const aEnd = a.base + cidrSize(a) - 1n;
  const bEnd = b.base + cidrSize(b) - 1n;
  return a.base <= bEnd && b.base <= aEnd;
}

/** Go's net.ParseIP followed by String(): IPv4-mapped IPv6 becomes IPv4; `undefined` when not an IP. */
export function canonicalIP(text: string): string | undefined {
  const family = ipFamily(text);
  if (family === 0) return undefined;
  const n = ipToBigInt(text);
  if (family === 6 && n >> 32n === 0xffffn) return bigIntToIP(n & 0xffffffffn, 4);
  return bigIntToIP(n, family);
}

/** The raw bytes an IP takes in a certificate or CSR SAN: 4 for IPv4, 16 for IPv6. */
export function ipToBytes(text: string): Buffer {
  const ip = canonicalIP(text);
  if (ip === undefined) throw new Error(`"${text}" is not an IP address`);
  const size = ipFamily(ip) === 4 ? 4 : 16;
  return Buffer.from(ipToBigInt(ip).toString(16).padStart(size * 2, '0'), 'hex');
}
