/**
 * Building certificates with @peculiar/asn1-x509 (the X.509 ASN.1 schema of @peculiar/x509), laid
 * out as Go's x509.CreateCertificate does for kubeadm's templates (extension order, critical flags,
 * string types, the issuer's subject as the CA has it) and signed natively by the CA's KeyObject:
 * SHA-256 with RSA, ECDSA with SHA-256 on P-256, SHA-384 on P-384 and SHA-512 on P-521 (Go's
 * choice for each key). The TBSCertificate is serialised once and signed once.
 */
import { type KeyObject, createHash, randomBytes, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { type BitString, type Constructed, fromBER } from 'asn1js';
import { MinikubeadmError } from '../errors.js';
import { canonicalIP } from '../net/ip.js';
import { OID } from './oids.js';

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

const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const spkiOf = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

/** RFC 5280 method 1 key identifier: SHA-1 of the subjectPublicKey bits (as Go computes it). */
export async function keyIdentifier(publicKey: KeyObject): Promise<Buffer> {
  return keyIdentifierOf(spkiOf(publicKey));
}

function keyIdentifierOf(spki: Buffer): Buffer {
  const bits = (fromBER(spki).result as Constructed).valueBlock.value[1] as BitString;
  return createHash('sha1').update(bits.valueBlock.valueHexView).digest();
}

const SIGNATURE = {
  rsa: { oid: '1.2.840.113549.1.1.11', hash: 'sha256', nullParameters: true },
  prime256v1: { oid: '1.2.840.10045.4.3.2', hash: 'sha256', nullParameters: false },
  secp384r1: { oid: '1.2.840.10045.4.3.3', hash: 'sha384', nullParameters: false },
  secp521r1: { oid: '1.2.840.10045.4.3.4', hash: 'sha512', nullParameters: false },
} as const;

/** How a CA key signs: the signature algorithm Go's x509 picks for it. */
function signatureFor(key: KeyObject): (typeof SIGNATURE)[keyof typeof SIGNATURE] {
  if (key.asymmetricKeyType === 'rsa') return SIGNATURE.rsa;
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  const known = curve === 'prime256v1' || curve === 'secp384r1' || curve === 'secp521r1' ? SIGNATURE[curve] : undefined;
  if (!known) {
    const type = key.asymmetricKeyType === 'ec' ? `EC (${curve ?? 'unknown curve'})` : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
    throw new MinikubeadmError('PKI_INVALID', `signing with an ${type} CA key is not supported (RSA, ECDSA P-256, P-384 or P-521 CA keys only)`, {
      hint: 'use an RSA or ECDSA CA, or provide every certificate and kubeconfig file signed by this CA yourself (external CA mode: remove the CA key)',
    });
  }
  return known;
}

/** Go's pkix.Name order for kubeadm's names: all Organization values in one RDN, then CommonName. */
function nameOf(t: CertificateTemplate): asn.Name {
  const value = (v: string): asn.AttributeValue => new asn.AttributeValue(PRINTABLE.test(v) ? { printableString: v } : { utf8String: v });
  // A SET OF in DER: its elements in ascending order of their encodings, as Go's encoding/asn1 writes them.
  const rdn = (type: string, values: readonly string[]): asn.RelativeDistinguishedName =>
    new asn.RelativeDistinguishedName(
      values
        .map((v) => new asn.AttributeTypeAndValue({ type, value: value(v) }))
        .map((atv) => ({ atv, der: Buffer.from(AsnConvert.serialize(atv)) }))
        .sort((a, b) => Buffer.compare(a.der, b.der))
        .map(({ atv }) => atv),
    );
  const rdns = t.organization.length > 0 ? [rdn(OID.organization, t.organization)] : [];
  return new asn.Name([...rdns, rdn(OID.commonName, [t.commonName])]);
}

function keyUsage(t: CertificateTemplate, subjectKey: KeyObject): number {
  const { digitalSignature, keyEncipherment, keyCertSign } = asn.KeyUsageFlags;
  // kubeadm sets KeyEncipherment on every key; it only means something for RSA (upstream fixes it the same way).
  return digitalSignature | (subjectKey.asymmetricKeyType === 'rsa' ? keyEncipherment : 0) | (t.isCA ? keyCertSign : 0);
}

function sanitizedIP(ip: string): string {
  const canonical = canonicalIP(ip);
  if (canonical === undefined) throw new Error(`"${ip}" is not an IP address`);
  return canonical;
}

const extension = (extnID: string, critical: boolean, value: object): asn.Extension =>
  new asn.Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

function extensions(t: CertificateTemplate, publicKey: KeyObject, spki: Buffer, issuer: Issuer): asn.Extension[] {
  const exts = [extension(OID.keyUsage, true, new asn.KeyUsage(keyUsage(t, publicKey)))];
  if (t.extKeyUsage.length > 0) exts.push(extension(OID.extKeyUsage, false, new asn.ExtendedKeyUsage(t.extKeyUsage.map((u) => OID[u]))));
  exts.push(extension(OID.basicConstraints, true, new asn.BasicConstraints({ cA: t.isCA })));
  exts.push(extension(OID.subjectKeyId, false, new asn.SubjectKeyIdentifier(keyIdentifierOf(spki))));
  if (!issuer.selfSigned && issuer.subjectKeyId) {
    exts.push(extension(OID.authorityKeyId, false, new asn.AuthorityKeyIdentifier({ keyIdentifier: new asn.KeyIdentifier(issuer.subjectKeyId) })));
  }
  if (t.dnsNames.length + t.ips.length > 0) {
    const names = [...t.dnsNames.map((dNSName) => new asn.GeneralName({ dNSName })), ...t.ips.map((ip) => new asn.GeneralName({ iPAddress: sanitizedIP(ip) }))];
    exts.push(extension(OID.subjectAltName, false, new asn.SubjectAlternativeName(names)));
  }
  return exts;
}

/** Create and sign a certificate for `publicKey`; returns its DER. */
export async function createCertificate(t: CertificateTemplate, publicKey: KeyObject, issuer: Issuer): Promise<Buffer> {
  if (t.commonName === '') throw new Error('a certificate needs a CommonName');
  const signature = signatureFor(issuer.privateKey);
  const algorithm = new asn.AlgorithmIdentifier({ algorithm: signature.oid, ...(signature.nullParameters ? { parameters: null } : {}) });
  const spki = spkiOf(publicKey);
  const subject = nameOf(t);
  const tbs = new asn.TBSCertificate({
    version: asn.Version.v3,
    serialNumber: arrayBuffer(Buffer.from(randomSerialHex(), 'hex')),
    signature: algorithm,
    issuer: issuer.selfSigned ? subject : AsnConvert.parse(issuer.rawSubject, asn.Name),
    validity: new asn.Validity({ notBefore: t.notBefore, notAfter: t.notAfter }),
    subject,
    subjectPublicKeyInfo: AsnConvert.parse(spki, asn.SubjectPublicKeyInfo),
    extensions: new asn.Extensions(extensions(t, publicKey, spki, issuer)),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signatureValue = sign(signature.hash, tbsDer, issuer.privateKey);
  const cert = new asn.Certificate({ tbsCertificate: tbs, tbsCertificateRaw: arrayBuffer(tbsDer), signatureAlgorithm: algorithm, signatureValue: arrayBuffer(signatureValue) });
  return Buffer.from(AsnConvert.serialize(cert));
}
