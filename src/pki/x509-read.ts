/**
 * Reading certificates: Node's X509Certificate for the cryptography (signature, key match, public
 * key) and a DER walk with node-forge's ASN.1 parser for the fields kubeadm cares about (subject
 * CN/O, validity, CA flag, key usage, extended key usage, SANs, key identifiers). Works for any
 * certificate, including ones with keys node-forge itself cannot handle.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { MinikubeadmError, messageOf } from '../errors.js';
import { ipFromBytes } from './ipbytes.js';
import { PEM_CERTIFICATE, decodePem, encodePem } from './pem.js';

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

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

const bin = (s: string): Buffer => Buffer.from(s, 'binary');
const children = (a: Asn1 | undefined): Asn1[] => (a && Array.isArray(a.value) ? a.value : []);
const bytesOf = (a: Asn1 | undefined): string => (a && typeof a.value === 'string' ? a.value : '');

function text(a: Asn1): string {
  const raw = bytesOf(a);
  if (a.type === Type.UTF8) return forge.util.decodeUtf8(raw);
  if (a.type === Type.BMPSTRING) return bin(raw).swap16().toString('utf16le');
  return raw;
}

function nameOf(name: Asn1): { commonName: string; organization: string[] } {
  const out = { commonName: '', organization: [] as string[] };
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (!type || !value) continue;
      const oid = forge.asn1.derToOid(bytesOf(type));
      if (oid === OID.commonName && out.commonName === '') out.commonName = text(value);
      if (oid === OID.organization) out.organization.push(text(value));
    }
  }
  return out;
}

function timeOf(a: Asn1 | undefined): Date {
  if (a?.type === Type.UTCTIME) return forge.asn1.utcTimeToDate(bytesOf(a));
  if (a?.type === Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(bytesOf(a));
  throw new Error('validity is not a UTCTime or GeneralizedTime');
}

type Extensions = Map<string, string>;

function extensionsOf(tbs: Asn1[]): Extensions {
  const map: Extensions = new Map();
  const tagged = tbs.find((a) => a.tagClass === Class.CONTEXT_SPECIFIC && a.type === 3);
  for (const ext of children(children(tagged)[0])) {
    const parts = children(ext);
    const oid = forge.asn1.derToOid(bytesOf(parts[0]));
    map.set(oid, bytesOf(parts[parts.length - 1]));
  }
  return map;
}

function keyUsageOf(value: string | undefined): KeyUsage | undefined {
  if (value === undefined) return undefined;
  const bits = bin(bytesOf(forge.asn1.fromDer(value)));
  const first = bits[1] ?? 0; // bits[0] is the count of unused bits
  return { digitalSignature: (first & 0x80) !== 0, keyEncipherment: (first & 0x20) !== 0, keyCertSign: (first & 0x04) !== 0 };
}

function extKeyUsageOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names: Record<string, string> = { [OID.serverAuth]: 'serverAuth', [OID.clientAuth]: 'clientAuth' };
  return children(forge.asn1.fromDer(value)).map((o) => {
    const oid = forge.asn1.derToOid(bytesOf(o));
    return names[oid] ?? oid;
  });
}

function altNamesOf(value: string | undefined): { dnsNames: string[]; ips: string[] } {
  const out = { dnsNames: [] as string[], ips: [] as string[] };
  if (value === undefined) return out;
  for (const gn of children(forge.asn1.fromDer(value))) {
    if (gn.type === 2) out.dnsNames.push(bytesOf(gn));
    if (gn.type === 7) out.ips.push(ipFromBytes(bin(bytesOf(gn))) ?? `invalid(${bin(bytesOf(gn)).toString('hex')})`);
  }
  return out;
}

function isCAOf(value: string | undefined): boolean {
  if (value === undefined) return false;
  const first = children(forge.asn1.fromDer(value))[0];
  return first?.type === Type.BOOLEAN && bytesOf(first) !== '\x00';
}

function authorityKeyIdOf(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const id = children(forge.asn1.fromDer(value)).find((a) => a.tagClass === Class.CONTEXT_SPECIFIC && a.type === 0);
  return id ? bin(bytesOf(id)) : undefined;
}

/** Parse one DER certificate; `source` names it in errors. */
export function parseCertificateDer(der: Buffer, source: string): CertInfo {
  try {
    const x509 = new X509Certificate(der);
    const cert = forge.asn1.fromDer(der.toString('binary'));
    const tbs = children(children(cert)[0]);
    const at = tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
    const [serial, , issuer, validity, subject] = tbs.slice(at);
    if (!serial || !issuer || !validity || !subject) throw new Error('truncated TBSCertificate');
    const ext = extensionsOf(tbs);
    const ski = ext.get(OID.subjectKeyId);
    return {
      der,
      pem: encodePem(PEM_CERTIFICATE, der),
      x509,
      publicKey: x509.publicKey,
      serialHex: bin(bytesOf(serial)).toString('hex'),
      subject: nameOf(subject),
      issuerCommonName: nameOf(issuer).commonName,
      rawSubject: bin(forge.asn1.toDer(subject).getBytes()),
      rawIssuer: bin(forge.asn1.toDer(issuer).getBytes()),
      notBefore: timeOf(children(validity)[0]),
      notAfter: timeOf(children(validity)[1]),
      isCA: isCAOf(ext.get(OID.basicConstraints)),
      keyUsage: keyUsageOf(ext.get(OID.keyUsage)),
      extKeyUsage: extKeyUsageOf(ext.get(OID.extKeyUsage)),
      ...altNamesOf(ext.get(OID.subjectAltName)),
      subjectKeyId: ski === undefined ? undefined : bin(bytesOf(forge.asn1.fromDer(ski))),
      authorityKeyId: authorityKeyIdOf(ext.get(OID.authorityKeyId)),
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
