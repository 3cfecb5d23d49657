/**
 * Building certificates on @peculiar/x509, laid out as Go's x509.CreateCertificate does for kubeadm's
 * templates (extension order, critical flags, string types, the issuer's subject copied byte for
 * byte) and signed by Node's WebCrypto with the CA's key: SHA-256 with RSA, ECDSA with SHA-256 on
 * P-256 and with SHA-384 on P-384 (Go's choice for each key).
 */
import { type KeyObject, randomBytes, type webcrypto } from 'node:crypto';
import { MinikubeadmError } from '../errors.js';
import { canonicalIP } from '../net/ip.js';
import { x509 } from './x509-lib.js';
import { OID } from './x509-read.js';

export type ExtKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertificateTemplate {
  commonName: string;
  organization: readonly string[];
  isCA: boolean;
  extKeyUsage: readonly ExtKeyUsage[];
  dnsNames: readonly string[];
  ips: readonly string[];
  notBefore: Date;
  notAfter: Date;
}

/** Who signs: the subject's own key (self-signed CA) or a CA certificate and key. */
export type Issuer =
  | { selfSigned: true; privateKey: KeyObject }
  | { selfSigned?: false; rawSubject: Buffer; subjectKeyId: Buffer | undefined; privateKey: KeyObject };

/** Go's encoding/asn1 rule for a string without an explicit type: PrintableString when it can be, else UTF8String. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A serial number chosen uniformly in [1, 2^63), DER-encoded (hex) without a sign problem. */
export function randomSerialHex(): string {
  let n = 0n;
  while (n === 0n) n = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return parseInt(hex[0]!, 16) >= 8 ? `00${hex}` : hex;
}

const spkiOf = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

/** RFC 5280 method 1 key identifier: SHA-1 of the subjectPublicKey bits (as Go computes it). */
export async function keyIdentifier(publicKey: KeyObject): Promise<Buffer> {
  const id = await new x509.PublicKey(spkiOf(publicKey)).getKeyIdentifier('SHA-1');
  return Buffer.from(id);
}

/** How a CA key signs: the WebCrypto algorithm Go's x509 would pick for it. */
function signingAlgorithm(key: KeyObject): { importAs: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams; hash: string } {
  if (key.asymmetricKeyType === 'rsa') return { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, hash: 'SHA-256' };
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  const ec: Record<string, [string, string]> = { prime256v1: ['P-256', 'SHA-256'], secp384r1: ['P-384', 'SHA-384'], secp521r1: ['P-521', 'SHA-512'] };
  const known = curve === undefined ? undefined : ec[curve];
  if (!known) {
    const type = key.asymmetricKeyType === 'ec' ? `EC (${curve ?? 'unknown curve'})` : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
    throw new MinikubeadmError('PKI_INVALID', `signing with an ${type} CA key is not supported (RSA, ECDSA P-256, P-384 or P-521 CA keys only)`, {
      hint: 'use an RSA or ECDSA CA, or provide every certificate and kubeconfig file signed by this CA yourself (external CA mode: remove the CA key)',
    });
  }
  return { importAs: { name: 'ECDSA', namedCurve: known[0] }, hash: known[1] };
}

/** Go's pkix.Name order for kubeadm's names: all Organization values in one RDN, then CommonName. */
function nameOf(t: CertificateTemplate): x509.Name {
  const value = (v: string): x509.JsonAttributeObject => (PRINTABLE.test(v) ? { printableString: v } : { utf8String: v });
  const rdns: x509.JsonAttributeAndValue[] = [];
  if (t.organization.length > 0) rdns.push({ O: t.organization.map(value) });
  rdns.push({ CN: [value(t.commonName)] });
  return new x509.Name(rdns);
}

function keyUsage(t: CertificateTemplate, subjectKey: KeyObject): number {
  const { digitalSignature, keyEncipherment, keyCertSign } = x509.KeyUsageFlags;
  // kubeadm sets KeyEncipherment on every key; it only means something for RSA (upstream fixes it the same way).
  return digitalSignature | (subjectKey.asymmetricKeyType === 'rsa' ? keyEncipherment : 0) | (t.isCA ? keyCertSign : 0);
}

function sanitizedIP(ip: string): string {
  const canonical = canonicalIP(ip);
  if (canonical === undefined) throw new Error(`"${ip}" is not an IP address`);
  return canonical;
}

async function extensions(t: CertificateTemplate, publicKey: KeyObject, issuer: Issuer): Promise<x509.Extension[]> {
  const exts: x509.Extension[] = [new x509.KeyUsagesExtension(keyUsage(t, publicKey), true)];
  if (t.extKeyUsage.length > 0) exts.push(new x509.ExtendedKeyUsageExtension(t.extKeyUsage.map((u) => OID[u]), false));
  exts.push(new x509.BasicConstraintsExtension(t.isCA, undefined, true));
  exts.push(new x509.SubjectKeyIdentifierExtension((await keyIdentifier(publicKey)).toString('hex'), false));
  if (!issuer.selfSigned && issuer.subjectKeyId) exts.push(new x509.AuthorityKeyIdentifierExtension(issuer.subjectKeyId.toString('hex'), false));
  if (t.dnsNames.length + t.ips.length > 0) {
    const names = [...t.dnsNames.map((value) => ({ type: 'dns' as const, value })), ...t.ips.map((ip) => ({ type: 'ip' as const, value: sanitizedIP(ip) }))];
    exts.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  return exts;
}

/** Create and sign a certificate for `publicKey`; returns its DER. */
export async function createCertificate(t: CertificateTemplate, publicKey: KeyObject, issuer: Issuer): Promise<Buffer> {
  if (t.commonName === '') throw new Error('a certificate needs a CommonName');
  const { importAs, hash } = signingAlgorithm(issuer.privateKey);
  const subject = nameOf(t);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject,
    issuer: issuer.selfSigned ? subject : new x509.Name(issuer.rawSubject),
    notBefore: t.notBefore,
    notAfter: t.notAfter,
    publicKey: spkiOf(publicKey),
    signingKey: issuer.privateKey.toCryptoKey(importAs, false, ['sign']),
    signingAlgorithm: { name: importAs.name, hash } as webcrypto.Algorithm,
    extensions: await extensions(t, publicKey, issuer),
  });
  return Buffer.from(cert.rawData);
}
