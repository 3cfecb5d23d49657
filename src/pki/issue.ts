/**
 * Making certificates: a self-signed CA, a certificate signed by a CA, and a client certificate
 * (what kubeconfig files, join and renewal need). Keys come from the run's key pool.
 */
import type { KeyObject } from 'node:crypto';
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
  /** PKCS#1 PEM for RSA keys. */
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
export function createSelfSignedCA(subject: Subject, keys: KeyPair, validity: Validity): Issued {
  const der = createCertificate(
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
export function createSignedCertificate(ca: CertificateAuthority, request: LeafRequest, keys: KeyPair, validity: Validity): Issued {
  const der = createCertificate(
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
  return issued(der, keys.privateKey, `certificate "${request.commonName}"`);
}

/** A client certificate (ExtKeyUsage clientAuth only) for `subject`, signed by `ca`. */
export function createClientCertificate(ca: CertificateAuthority, subject: Subject, keys: KeyPair, validity: Validity): Issued {
  return createSignedCertificate(ca, { ...subject, usages: ['clientAuth'] }, keys, validity);
}
