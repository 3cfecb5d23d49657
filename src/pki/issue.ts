/**
 * Making certificates: a self-signed CA, a certificate signed by a CA, and a client certificate
 * (what kubeconfig files, join and renewal need). Keys come from the run's key pool. Signing is
 * WebCrypto's, so these are asynchronous.
 */
import type { KeyObject } from 'node:crypto';
import { MinikubeadmError } from '../errors.js';
import { type KeyPair, privateKeyToPem } from './keys.js';
import type { Validity } from './validity.js';
import { type ExtKeyUsage, createCertificate } from './x509-build.js';
import { type CertInfo, parseCertificateDer } from './x509-read.js';

/** A certificate and key that can sign. */
export interface CertificateAuthority {
  cert: CertInfo;
  key: KeyObject;
}

export interface Issued {
  cert: CertInfo;
  key: KeyObject;
  /** The key in kubeadm's PEM: PKCS#1 for RSA keys, SEC1 for EC keys. */
  keyPem: string;
}

export interface Subject {
  commonName: string;
  organization?: readonly string[];
}

export interface LeafRequest extends Subject {
  usages: readonly ExtKeyUsage[];
  dnsNames?: readonly string[];
  ips?: readonly string[];
}

function issued(der: Buffer, key: KeyObject, source: string): Issued {
  return { cert: parseCertificateDer(der, source), key, keyPem: privateKeyToPem(key) };
}

/** A self-signed CA certificate (CA:TRUE, keyCertSign) whose one SAN is its CommonName, as kubeadm makes them. */
export async function createSelfSignedCA(subject: Subject, keys: KeyPair, validity: Validity): Promise<Issued> {
  const der = await createCertificate(
    {
      commonName: subject.commonName,
      organization: subject.organization ?? [],
      isCA: true,
      extKeyUsage: [],
      dnsNames: [subject.commonName],
      ips: [],
      ...validity,
    },
    keys.publicKey,
    { selfSigned: true, privateKey: keys.privateKey },
  );
  return issued(der, keys.privateKey, `CA "${subject.commonName}"`);
}

/** A certificate for `keys` signed by `ca`. */
export async function createSignedCertificate(ca: CertificateAuthority, request: LeafRequest, keys: KeyPair, validity: Validity): Promise<Issued> {
  const der = await createCertificate(
    {
      commonName: request.commonName,
      organization: request.organization ?? [],
      isCA: false,
      extKeyUsage: request.usages,
      dnsNames: request.dnsNames ?? [],
      ips: request.ips ?? [],
      ...validity,
    },
    keys.publicKey,
    { rawSubject: ca.cert.rawSubject, subjectKeyId: ca.cert.subjectKeyId, privateKey: ca.key },
  );
  const result = issued(der, keys.privateKey, `certificate "${request.commonName}"`);
  // Go matches a certificate to its issuer by these bytes; a CA whose subject is not plain DER cannot be copied exactly.
  if (!result.cert.rawIssuer.equals(ca.cert.rawSubject)) {
    throw new MinikubeadmError('PKI_INVALID', `the subject name of CA "${ca.cert.subject.commonName}" cannot be copied exactly into the certificates it signs (it is not in DER form)`, {
      hint: 're-issue the CA certificate with a DER-encoded subject, or provide the certificates it signs yourself (external CA mode)',
    });
  }
  return result;
}

/** A client certificate (ExtKeyUsage clientAuth only) for `subject`, signed by `ca`. */
export function createClientCertificate(ca: CertificateAuthority, subject: Subject, keys: KeyPair, validity: Validity): Promise<Issued> {
  return createSignedCertificate(ca, { ...subject, usages: ['clientAuth'] }, keys, validity);
}
