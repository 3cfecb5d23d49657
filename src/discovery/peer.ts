/**
 * What a server's certificate says about where it may be reached: its subjectAltName entries, and
 * whether they cover a host (an IP exactly, a DNS name exactly or by a one-label wildcard), as a
 * TLS client checks it.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { canonicalIP } from '../net/ip.js';

/** `DNS:x`, `IP Address:y` entries of a certificate, as `x`, `y`; empty when it cannot be read. */
export function subjectAltNames(der: Buffer): string[] {
  try {
    return (new X509Certificate(der).subjectAltName ?? '')
      .split(', ')
      .map((s) => s.replace(/^(DNS|IP Address):/, ''))
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** True when the certificate's SANs name `host`. */
export function coversHost(sans: readonly string[], host: string): boolean {
  if (isIP(host) !== 0) {
    const ip = canonicalIP(host);
    return sans.some((s) => isIP(s) !== 0 && canonicalIP(s) === ip);
  }
  const name = host.toLowerCase();
  return sans.some((s) => {
    const san = s.toLowerCase();
    if (san === name) return true;
    return san.startsWith('*.') && name.split('.').slice(1).join('.') === san.slice(2) && name.split('.').length === san.split('.').length;
  });
}

/** Whether the certificate was issued by `caPem`'s key. */
export function signedBy(der: Buffer, caPem: string): boolean {
  try {
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(der);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}
