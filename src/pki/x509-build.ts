/**
 * Building certificates: node-forge lays out the TBSCertificate the way Go's x509.CreateCertificate
 * does (extension order, critical flags, string types), and the one `crypto.sign` in the project
 * signs it natively (forge's pure-JS RSA would be the slowest step of init).
 */
import { type KeyObject, createHash, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import { MinikubeadmError } from '../errors.js';
import { ipToBytes } from './ipbytes.js';
import { OID } from './x509-read.js';

const { Class, Type } = forge.asn1;

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

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** Go's isPrintable: PrintableString characters plus '*' and '&'. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;

/** A serial number chosen uniformly in [1, 2^63), DER-encoded (hex) without a sign problem. */
export function randomSerialHex(): string {
  let n = 0n;
  while (n === 0n) n = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return parseInt(hex[0]!, 16) >= 8 ? `00${hex}` : hex;
}

/** RFC 5280 method 1 key identifier: SHA-1 of the subjectPublicKey bits (as Go computes it). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ type: 'spki', format: 'der' }).toString('binary');
  const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: { decodeBitStrings: boolean }) => forge.asn1.Asn1;
  const bits = (fromDer(der, { decodeBitStrings: false }).value as forge.asn1.Asn1[])[1]!;
  const raw = Buffer.from(bits.value as string, 'binary').subarray(1); // drop the unused-bits byte
  return createHash('sha1').update(raw).digest();
}

const octets = (b: Buffer): forge.asn1.Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, b.toString('binary'));
/** A subject attribute with Go's string type: PrintableString when it can be, else UTF8String. */
const attr = (shortName: string, value: string): forge.pki.CertificateField =>
  (PRINTABLE.test(value) ? { shortName, value } : { shortName, value, valueTagClass: Type.UTF8 }) as unknown as forge.pki.CertificateField;

/** Parts of node-forge's API its type definitions leave out. */
const pki = forge.pki as typeof forge.pki & { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

function extensions(t: CertificateTemplate, ski: Buffer, issuer: Issuer): object[] {
  const exts: object[] = [
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: t.isCA },
  ];
  if (t.extKeyUsage.length > 0) {
    exts.push({ name: 'extKeyUsage', ...Object.fromEntries(t.extKeyUsage.map((u) => [u, true])) });
  }
  exts.push({ name: 'basicConstraints', critical: true, cA: t.isCA });
  exts.push({ id: OID.subjectKeyId, name: 'subjectKeyIdentifier', value: octets(ski) });
  if (!issuer.selfSigned && issuer.subjectKeyId) {
    const seq = forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      forge.asn1.create(Class.CONTEXT_SPECIFIC, 0, false, issuer.subjectKeyId.toString('binary')),
    ]);
    exts.push({ id: OID.authorityKeyId, name: 'authorityKeyIdentifier', value: seq });
  }
  if (t.dnsNames.length + t.ips.length > 0) {
    const altNames = [
      ...t.dnsNames.map((value) => ({ type: 2, value })),
      ...t.ips.map((ip) => ({ type: 7, value: ipToBytes(ip).toString('binary') })),
    ];
    exts.push({ name: 'subjectAltName', altNames });
  }
  return exts;
}

/** Create and sign a certificate for `publicKey`; returns its DER. */
export function createCertificate(t: CertificateTemplate, publicKey: KeyObject, issuer: Issuer): Buffer {
  if (t.commonName === '') throw new Error('a certificate needs a CommonName');
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = t.notBefore;
  cert.validity.notAfter = t.notAfter;
  const subject = [...t.organization.map((o) => attr('O', o)), attr('CN', t.commonName)];
  cert.setSubject(subject);
  cert.setIssuer(subject); // replaced below by the issuer's exact bytes when not self-signed
  cert.publicKey = forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary')));
  cert.setExtensions(extensions(t, keyIdentifier(publicKey), issuer));
  cert.siginfo.algorithmOid = SHA256_WITH_RSA;
  cert.signatureOid = SHA256_WITH_RSA;

  const tbs = pki.getTBSCertificate(cert);
  if (!issuer.selfSigned) (tbs.value as forge.asn1.Asn1[])[3] = forge.asn1.fromDer(issuer.rawSubject.toString('binary'));
  const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.tbsCertificate = tbs;
  cert.signature = signTbs(tbsDer, issuer.privateKey).toString('binary');
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** The only signing operation: SHA-256 with RSA PKCS#1 v1.5, done by OpenSSL. */
function signTbs(tbsDer: Buffer, key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new MinikubeadmError('PKI_INVALID', `signing with an ${key.asymmetricKeyType?.toUpperCase()} CA key is not supported yet (RSA CA keys only)`, {
      hint: 'use an RSA CA, or provide every certificate and kubeconfig file signed by this CA yourself (external CA mode: remove the CA key)',
    });
  }
  return sign('sha256', tbsDer, key);
}
