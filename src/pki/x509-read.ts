/**
 * Reading certificates: Node's X509Certificate for the cryptography (signature, key match, public
 * key), @peculiar/x509 for the fields kubeadm cares about (subject CN/O, validity, CA flag, key
 * usage, extended key usage, SANs, key identifiers), and asn1js for the exact bytes Go copies (the
 * serial number and the issuer and subject names). Works for any RSA or EC certificate.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { type Constructed, fromBER } from 'asn1js';
import { MinikubeadmError, messageOf } from '../errors.js';
import { canonicalIP } from '../net/ip.js';
import { PEM_CERTIFICATE, decodePem, encodePem } from './pem.js';
import { x509 } from './x509-lib.js';

export const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export interface KeyUsage {
  digitalSignature: boolean;
  keyEncipherment: boolean;
  keyCertSign: boolean;
}

export interface CertInfo {
  der: Buffer;
  /** Canonical PEM of `der` (Go's encoding), as embedded in kubeconfig files. */
  pem: string;
  x509: X509Certificate;
  publicKey: KeyObject;
  serialHex: string;
  subject: { commonName: string; organization: string[] };
  issuerCommonName: string;
  /** DER of the subject Name, copied byte for byte into the issuer of certificates this one signs. */
  rawSubject: Buffer;
  rawIssuer: Buffer;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** `undefined` when the certificate has no key usage extension. */
  keyUsage: KeyUsage | undefined;
  /** `serverAuth`, `clientAuth`, or the OID of any other purpose, in certificate order. */
  extKeyUsage: string[];
  dnsNames: string[];
  ips: string[];
  subjectKeyId: Buffer | undefined;
  authorityKeyId: Buffer | undefined;
}

const EKU_NAMES: Readonly<Record<string, string>> = { [OID.serverAuth]: 'serverAuth', [OID.clientAuth]: 'clientAuth' };

/** The serial number and the issuer and subject Names exactly as encoded (TBSCertificate fields). */
function rawFields(der: Buffer): { serial: Buffer; issuer: Buffer; subject: Buffer } {
  const parsed = fromBER(der);
  if (parsed.offset === -1) throw new Error(parsed.result.error || 'not DER');
  const tbs = (parsed.result as Constructed).valueBlock.value[0] as Constructed | undefined;
  const fields = tbs?.valueBlock?.value ?? [];
  const at = fields[0]?.idBlock.tagClass === 3 ? 1 : 0; // [0] version
  const [serial, , issuer, , subject] = fields.slice(at);
  if (!serial || !issuer || !subject) throw new Error('truncated TBSCertificate');
  const bytes = (b: { valueBeforeDecodeView: Uint8Array }): Buffer => Buffer.from(b.valueBeforeDecodeView);
  return { serial: Buffer.from((serial as unknown as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView), issuer: bytes(issuer), subject: bytes(subject) };
}

function keyUsageOf(cert: x509.X509Certificate): KeyUsage | undefined {
  const ext = cert.getExtension(x509.KeyUsagesExtension);
  if (!ext) return undefined;
  const f = x509.KeyUsageFlags;
  return { digitalSignature: (ext.usages & f.digitalSignature) !== 0, keyEncipherment: (ext.usages & f.keyEncipherment) !== 0, keyCertSign: (ext.usages & f.keyCertSign) !== 0 };
}

function altNamesOf(cert: x509.X509Certificate): { dnsNames: string[]; ips: string[] } {
  const out = { dnsNames: [] as string[], ips: [] as string[] };
  for (const name of cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? []) {
    if (name.type === 'dns') out.dnsNames.push(name.value);
    if (name.type === 'ip') out.ips.push(canonicalIP(name.value) ?? name.value);
  }
  return out;
}

const hexBuffer = (hex: string | undefined): Buffer | undefined => (hex === undefined ? undefined : Buffer.from(hex, 'hex'));

/** Parse one DER certificate; `source` names it in errors. */
export function parseCertificateDer(der: Buffer, source: string): CertInfo {
  try {
    const node = new X509Certificate(der);
    const cert = new x509.X509Certificate(der);
    const raw = rawFields(der);
    const subject = cert.subjectName;
    return {
      der,
      pem: encodePem(PEM_CERTIFICATE, der),
      x509: node,
      publicKey: node.publicKey,
      serialHex: raw.serial.toString('hex'),
      subject: { commonName: subject.getField('CN')[0] ?? '', organization: [...subject.getField('O')] },
      issuerCommonName: cert.issuerName.getField('CN')[0] ?? '',
      rawSubject: raw.subject,
      rawIssuer: raw.issuer,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      isCA: cert.getExtension(x509.BasicConstraintsExtension)?.ca === true,
      keyUsage: keyUsageOf(cert),
      extKeyUsage: Array.from(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [], (u) => EKU_NAMES[String(u)] ?? String(u)),
      ...altNamesOf(cert),
      subjectKeyId: hexBuffer(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId),
      authorityKeyId: hexBuffer(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId),
    };
  } catch (e) {
    throw new MinikubeadmError('PKI_INVALID', `${source} is not a readable X.509 certificate: ${messageOf(e)}`, {
      hint: `replace ${source} with a PEM certificate, or move it away to have a new one generated`,
    });
  }
}

/** Every certificate in a PEM text (leaf first, then any intermediates). */
export function parseCertificatesPem(pem: string, source: string): CertInfo[] {
  const blocks = decodePem(pem).filter((b) => b.type === PEM_CERTIFICATE);
  if (blocks.length === 0) {
    throw new MinikubeadmError('PKI_INVALID', `${source} does not contain a PEM certificate`, {
      hint: `replace ${source} with a PEM certificate, or move it away to have a new one generated`,
    });
  }
  return blocks.map((b, i) => parseCertificateDer(b.der, i === 0 ? source : `${source} (certificate ${i + 1})`));
}

/** The first certificate of a PEM text. */
export function parseCertificatePem(pem: string, source: string): CertInfo {
  return parseCertificatesPem(pem, source)[0]!;
}
