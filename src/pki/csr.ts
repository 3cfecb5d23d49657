/**
 * Certificate signing requests (PKCS#10) as Go's x509.CreateCertificateRequest writes kubeadm's:
 * subject O then CN (PrintableString when possible, else UTF8String), the public key as the key's
 * own SubjectPublicKeyInfo, DNS and IP SANs in an extensionRequest attribute (none when there are
 * no SANs), signed with SHA-256 (RSA PKCS#1 v1.5 or ECDSA; SHA-384 for P-384) by Node's crypto.
 * Encoded with the small DER writer below, so it works for any key Node supports.
 */
import { type KeyObject, createPublicKey, sign } from 'node:crypto';
import { ipToBytes } from '../net/ip.js';
import { encodePem } from './pem.js';

export const PEM_CERTIFICATE_REQUEST = 'CERTIFICATE REQUEST';

export interface CsrRequest {
  commonName: string;
  organization?: readonly string[];
  dnsNames?: readonly string[];
  ips?: readonly string[];
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);

function oid(text: string): Buffer {
  const parts = text.split('.').map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** Go's isPrintable: PrintableString characters plus '*' and '&'. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;
const stringValue = (s: string): Buffer => tlv(PRINTABLE.test(s) ? 0x13 : 0x0c, Buffer.from(s, 'utf8'));

const OIDS = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
};

function name(r: CsrRequest): Buffer {
  const atv = (type: string, value: string): Buffer => seq(oid(type), stringValue(value));
  // Go's pkix.Name: every Organization in one RDN, a DER SET OF sorted by encoding, then CommonName.
  const orgs = (r.organization ?? []).map((o) => atv(OIDS.organization, o)).sort(Buffer.compare);
  return seq(...(orgs.length > 0 ? [set(...orgs)] : []), set(atv(OIDS.commonName, r.commonName)));
}

function attributes(r: CsrRequest): Buffer {
  const sans = [...(r.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))), ...(r.ips ?? []).map((ip) => tlv(0x87, ipToBytes(ip)))];
  if (sans.length === 0) return tlv(0xa0);
  const extension = seq(oid(OIDS.subjectAltName), tlv(0x04, seq(...sans)));
  return tlv(0xa0, seq(oid(OIDS.extensionRequest), set(seq(extension))));
}

function algorithm(key: KeyObject): { id: Buffer; hash: string } {
  if (key.asymmetricKeyType === 'rsa') return { id: seq(oid(OIDS.sha256WithRSA), tlv(0x05)), hash: 'sha256' };
  if (key.asymmetricKeyType === 'ec') {
    const p384 = key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
    return { id: seq(oid(p384 ? OIDS.ecdsaWithSHA384 : OIDS.ecdsaWithSHA256)), hash: p384 ? 'sha384' : 'sha256' };
  }
  throw new Error(`cannot sign a certificate request with a ${key.asymmetricKeyType} key`);
}

/** The DER of a CSR for `request`, signed by `privateKey`. */
export function createCsrDer(request: CsrRequest, privateKey: KeyObject): Buffer {
  if (request.commonName === '') throw new Error('a certificate request needs a CommonName');
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const info = seq(tlv(0x02, Buffer.from([0])), name(request), spki, attributes(request));
  const alg = algorithm(privateKey);
  const signature = sign(alg.hash, info, privateKey);
  return seq(info, alg.id, tlv(0x03, Buffer.from([0]), signature));
}

/** The CSR as PEM ("CERTIFICATE REQUEST"), as kubeadm writes <name>.csr. */
export function createCsrPem(request: CsrRequest, privateKey: KeyObject): string {
  return encodePem(PEM_CERTIFICATE_REQUEST, createCsrDer(request, privateKey));
}
