/**
 * The certificate key (kubeadm's CreateCertificateKey): 32 random bytes as 64 lowercase hex
 * characters, the AES-256 key that encrypts the control-plane certificates in kubeadm-certs.
 */
import { randomBytes } from 'node:crypto';

export const CERTIFICATE_KEY_BYTES = 32;

export function createCertificateKey(): string {
  return randomBytes(CERTIFICATE_KEY_BYTES).toString('hex');
}
