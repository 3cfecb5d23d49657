/**
 * Reading certificates: Node's X509Certificate for the cryptography (signature, key match, public
 * key), @peculiar/asn1-x509 (the X.509 schema of @peculiar/x509) for the fields kubeadm cares about
 * (subject CN/O, validity, CA flag, key usage, extended key usage, SANs, key identifiers), and
 * asn1js for the exact bytes Go copies (the serial number and the issuer and subject names). Works
 * for any RSA or EC certificate.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { type Constructed, fromBER } from 'asn1js';
import { MinikubeadmError, messageOf } from '../errors.js';
import { canonicalIP } from '../net/ip.js';
import { OID } from './oids.js';
import { PEM_CERTIFICATE, decodePem, encodePem } from './pem.js';

export { OID } from './oids.js';

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

function fieldOf(name: asn.Name, oid: string): string[] {
  const out: string[] = [];
  for (const rdn of name) for (const atv of rdn) if (atv.type === oid) out.push(atv.value.toString());
  return out;
}

/** The decoded value of the extension `oid`, or undefined when the certificate has none. */
function extensionOf<T>(cert: asn.Certificate, oid: string, type: new () => T): T | undefined {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  return ext ? AsnConvert.parse(ext.extnValue.buffer, type) : undefined;
}

function keyUsageOf(cert: asn.Certificate): KeyUsage | undefined {
  const ku = extensionOf(cert, OID.keyUsage, asn.KeyUsage);
  if (!ku) return undefined;
  const bits = ku.toNumber();
  const f = asn.KeyUsageFlags;
  return { digitalSignature: (bits & f.digitalSignature) !== 0, keyEncipherment: (bits & f.keyEncipherment) !== 0, keyCertSign: (bits & f.keyCertSign) !== 0 };
}

function altNamesOf(cert: asn.Certificate): { dnsNames: string[]; ips: string[] } {
  const out = { dnsNames: [] as string[], ips: [] as string[] };
  for (const name of extensionOf(cert, OID.subjectAltName, asn.SubjectAlternativeName) ?? []) {
    if (name.dNSName !== undefined) out.dnsNames.push(name.dNSName);
    if (name.iPAddress !== undefined) out.ips.push(canonicalIP(name.iPAddress) ?? name.iPAddress);
  }
  return out;
}

const bytes = (b: ArrayBuffer | undefined): Buffer | undefined => (b === undefined ? undefined : Buffer.from(b));

function invalid(source: string, e: unknown): MinikubeadmError {
  return new MinikubeadmError('PKI_INVALID', `${source} is not a readable X.509 certificate: ${messageOf(e)}`, {
    hint: `replace ${source} with a PEM certificate, or move it away to have a new one generated`,
  });
}

/**
 * A parsed certificate. Node's X509Certificate and the exact names are read at once (a malformed
 * certificate is refused right there); the fields @peculiar/x509 decodes are read on first use,
 * since a freshly issued certificate is mostly only written out.
 */
type Decoded = Omit<CertInfo, 'der' | 'pem' | 'x509' | 'publicKey' | 'serialHex' | 'rawSubject' | 'rawIssuer'>;

class ParsedCertificate implements CertInfo {
  readonly pem: string;
  readonly x509: X509Certificate;
  readonly serialHex: string;
  readonly rawSubject: Buffer;
  readonly rawIssuer: Buffer;
  #fields: Decoded | undefined;
  #publicKey: KeyObject | undefined;

  constructor(
    readonly der: Buffer,
    private readonly source: string,
  ) {
    this.x509 = new X509Certificate(der);
    const raw = rawFields(der);
    this.serialHex = raw.serial.toString('hex');
    this.rawSubject = raw.subject;
    this.rawIssuer = raw.issuer;
    this.pem = encodePem(PEM_CERTIFICATE, der);
  }

  get publicKey(): KeyObject {
    return (this.#publicKey ??= this.x509.publicKey);
  }

  private get fields(): Decoded {
    if (this.#fields) return this.#fields;
    try {
      const cert = AsnConvert.parse(this.der, asn.Certificate);
      const { subject, issuer, validity } = cert.tbsCertificate;
      this.#fields = {
        subject: { commonName: fieldOf(subject, OID.commonName)[0] ?? '', organization: fieldOf(subject, OID.organization) },
        issuerCommonName: fieldOf(issuer, OID.commonName)[0] ?? '',
        notBefore: validity.notBefore.getTime(),
        notAfter: validity.notAfter.getTime(),
        isCA: extensionOf(cert, OID.basicConstraints, asn.BasicConstraints)?.cA === true,
        keyUsage: keyUsageOf(cert),
        extKeyUsage: Array.from(extensionOf(cert, OID.extKeyUsage, asn.ExtendedKeyUsage) ?? [], (u) => EKU_NAMES[u] ?? u),
        ...altNamesOf(cert),
        subjectKeyId: bytes(extensionOf(cert, OID.subjectKeyId, asn.SubjectKeyIdentifier)?.buffer),
        authorityKeyId: bytes(extensionOf(cert, OID.authorityKeyId, asn.AuthorityKeyIdentifier)?.keyIdentifier?.buffer),
      };
      return this.#fields;
    } catch (e) {
      throw invalid(this.source, e);
    }
  }

  get subject(): CertInfo['subject'] {
    return this.fields.subject;
  }
  get issuerCommonName(): string {
    return this.fields.issuerCommonName;
  }
  get notBefore(): Date {
    return this.fields.notBefore;
  }
  get notAfter(): Date {
    return this.fields.notAfter;
  }
  get isCA(): boolean {
    return this.fields.isCA;
  }
  get keyUsage(): KeyUsage | undefined {
    return this.fields.keyUsage;
  }
  get extKeyUsage(): string[] {
    return this.fields.extKeyUsage;
  }
  get dnsNames(): string[] {
    return this.fields.dnsNames;
  }
  get ips(): string[] {
    return this.fields.ips;
  }
  get subjectKeyId(): Buffer | undefined {
    return this.fields.subjectKeyId;
  }
  get authorityKeyId(): Buffer | undefined {
    return this.fields.authorityKeyId;
  }
}

/** Certificates parsed in this process, by content: a run reads its CA certificates once per certificate they sign. */
const parsed = new Map<string, ParsedCertificate>();
const PARSED_KEPT = 64;

/** Parse one DER certificate; `source` names it in errors. */
export function parseCertificateDer(der: Buffer, source: string): CertInfo {
  const key = der.toString('base64');
  const hit = parsed.get(key);
  if (hit) return hit;
  let cert: ParsedCertificate;
  try {
    cert = new ParsedCertificate(Buffer.from(der), source);
  } catch (e) {
    throw invalid(source, e);
  }
  if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, cert);
  return cert;
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
