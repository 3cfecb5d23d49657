/** IP addresses as they appear in certificates: canonical text (Go's net.IP.String) and the 4/16 raw bytes. */
import { bigIntToIP, canonicalIP, ipFamily, ipToBigInt } from '../net/ip.js';

const V4_MAPPED = 0xffffn;

/** The bytes a certificate holds for an IP SAN: 4 for IPv4, 16 for IPv6. */
export function ipToBytes(text: string): Buffer {
  const ip = canonicalIP(text);
  if (ip === undefined) throw new Error(`"${text}" is not an IP address`);
  const family = ipFamily(ip);
  const size = family === 4 ? 4 : 16;
  const hex = ipToBigInt(ip).toString(16).padStart(size * 2, '0');
  return Buffer.from(hex, 'hex');
}

/** Text form of an IP SAN's bytes; `undefined` for a length other than 4 or 16. */
export function ipFromBytes(bytes: Buffer): string | undefined {
  if (bytes.length !== 4 && bytes.length !== 16) return undefined;
  const n = BigInt(`0x${bytes.toString('hex')}`);
  if (bytes.length === 16 && n >> 32n === V4_MAPPED) return bigIntToIP(n & 0xffffffffn, 4);
  return bigIntToIP(n, bytes.length === 4 ? 4 : 6);
}
