/**
 * Checking an existing certificate: signed by the expected CA, inside its validity period, matching
 * its key, and carrying the identity, usages and SANs it must have. Every problem is named, so the
 * message says what to fix.
 */
import type { KeyObject } from 'node:crypto';
import { MinikubeadmError } from '../errors.js';
import { canonicalIP } from '../net/ip.js';
import type { CertInfo } from './x509-read.js';

export interface Expectation {
  commonName?: string;
  organization?: readonly string[];
  /** Extended key usages the certificate must include. */
  usages?: readonly string[];
  dnsNames?: readonly string[];
  ips?: readonly string[];
}

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

/** True when `cert` carries a valid signature by `ca`'s key and names `ca` as its issuer. */
export function isSignedBy(cert: CertInfo, ca: CertInfo): boolean {
  if (!cert.rawIssuer.equals(ca.rawSubject) && !cert.x509.checkIssued(ca.x509)) return false;
  try {
    return cert.x509.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** True when `chain` (leaf, then intermediates) leads to `root` with every signature valid. */
export function chainsTo(chain: readonly CertInfo[], root: CertInfo): boolean {
  for (let i = 0; i < chain.length; i++) {
    if (isSignedBy(chain[i]!, root)) return true;
    const next = chain[i + 1];
    if (!next || !isSignedBy(chain[i]!, next)) return false;
  }
  return false;
}

/** Why `cert` is not valid at `now`, or `undefined` when it is. */
export function periodProblem(cert: CertInfo, now: Date): string | undefined {
  if (now < cert.notBefore) return `is not valid yet (NotBefore ${iso(cert.notBefore)}, now ${iso(now)})`;
  if (now > cert.notAfter) return `has expired (NotAfter ${iso(cert.notAfter)}, now ${iso(now)})`;
  return undefined;
}

export function keyMatches(cert: CertInfo, key: KeyObject): boolean {
  try {
    return cert.x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}

const list = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

/** Everything about `cert` that differs from `expected`, one phrase each. */
export function identityProblems(cert: CertInfo, expected: Expectation): string[] {
  const problems: string[] = [];
  if (expected.commonName !== undefined && cert.subject.commonName !== expected.commonName) {
    problems.push(`has CommonName "${cert.subject.commonName}", expected "${expected.commonName}"`);
  }
  if (expected.organization !== undefined) {
    const have = [...cert.subject.organization].sort();
    const want = [...expected.organization].sort();
    if (have.join('\n') !== want.join('\n')) problems.push(`has Organization ${list(have)}, expected ${list(want)}`);
  }
  const missingUsages = (expected.usages ?? []).filter((u) => !cert.extKeyUsage.includes(u));
  if (missingUsages.length > 0) problems.push(`lacks extended key usage ${missingUsages.join(', ')}`);
  if (cert.keyUsage && !cert.keyUsage.digitalSignature) problems.push('lacks key usage digitalSignature');
  const dns = new Set(cert.dnsNames);
  const ips = new Set(cert.ips);
  const missing = [
    ...(expected.dnsNames ?? []).filter((d) => !dns.has(d)).map((d) => `DNS:${d}`),
    ...(expected.ips ?? []).filter((ip) => !ips.has(canonicalIP(ip) ?? ip)).map((ip) => `IP:${ip}`),
  ];
  if (missing.length > 0) problems.push(`is missing SAN ${missing.join(', ')}`);
  return problems;
}

export interface CheckOptions {
  /** The certificate file, named in the error. */
  file: string;
  chain: readonly CertInfo[];
  key?: { file: string; key: KeyObject };
  ca?: { file: string; cert: CertInfo };
  expected?: Expectation;
  now: Date;
  /** What the user should do; defaults to moving the files away. */
  hint?: string;
}

/** All problems of a stored certificate, or an empty list. */
export function certificateProblems(o: CheckOptions): string[] {
  const cert = o.chain[0]!;
  const problems: string[] = [];
  if (o.ca && !chainsTo(o.chain, o.ca.cert)) {
    problems.push(`is not signed by the CA in ${o.ca.file} (its issuer is "${cert.issuerCommonName}")`);
  }
  const period = periodProblem(cert, o.now);
  if (period) problems.push(period);
  if (o.key && !keyMatches(cert, o.key.key)) problems.push(`does not match the private key in ${o.key.file}`);
  if (o.expected) problems.push(...identityProblems(cert, o.expected));
  return problems;
}

/** Throw PKI_INVALID naming the file and every reason when the stored certificate does not fit. */
export function checkCertificate(o: CheckOptions): void {
  const problems = certificateProblems(o);
  if (problems.length === 0) return;
  const files = o.key ? `${o.file} and ${o.key.file}` : o.file;
  throw new MinikubeadmError('PKI_INVALID', `existing certificate ${o.file} ${problems.join('; ')}`, {
    hint: o.hint ?? `it was left untouched: fix or replace it, or move ${files} away to have new ones generated`,
  });
}

/** Throw PKI_INVALID when a CA cannot sign now: outside its validity period, or not matching its key. */
export function checkSigningCA(cert: CertInfo, key: KeyObject, files: { cert: string; key: string }, now: Date, hint: string): void {
  const problem =
    (cert.isCA ? undefined : 'is not a certificate authority (no basicConstraints CA:TRUE)') ??
    periodProblem(cert, now) ??
    (keyMatches(cert, key) ? undefined : `does not match the private key in ${files.key}`);
  if (problem) throw new MinikubeadmError('PKI_INVALID', `CA certificate ${files.cert} ${problem}`, { hint });
}
