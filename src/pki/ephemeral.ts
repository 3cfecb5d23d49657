/**
 * A short-lived client certificate that only ever lives in memory: what a joining control plane
 * uses to look at the cluster (its etcd members, its Nodes) with the shared CAs before it writes
 * anything to disk. Valid for ten minutes, never written, never logged.
 */
import { createClientCertificate, type Subject } from './issue.js';
import { algorithmOf, generateKey, keySpecFor, parsePrivateKey } from './keys.js';
import { parseCertificatePem } from './x509-read.js';

const LIFETIME_MS = 10 * 60_000;
const BACKDATE_MS = 60_000;

export interface EphemeralClientCertificate {
  certPem: string;
  keyPem: string;
}

export async function ephemeralClientCertificate(caCertPem: string, caKeyPem: string, subject: Subject, now: Date): Promise<EphemeralClientCertificate> {
  const ca = { cert: parseCertificatePem(caCertPem, 'the shared CA certificate'), key: parsePrivateKey(caKeyPem, 'the shared CA key') };
  // A key of the CA's own kind (RSA or ECDSA), as every certificate of the PKI has.
  const algorithm = algorithmOf(ca.key);
  const keys = await generateKey(keySpecFor(algorithm.startsWith('ECDSA-') ? algorithm : 'RSA-2048'));
  const t = now.getTime();
  const issued = await createClientCertificate(ca, subject, keys, { notBefore: new Date(t - BACKDATE_MS), notAfter: new Date(t + LIFETIME_MS) });
  return { certPem: issued.cert.pem, keyPem: issued.keyPem };
}
