/**
 * The encryption of the kubeadm-certs Secret, as kubeadm's util/crypto: AES-256-GCM under the
 * 32-byte certificate key, a random 12-byte nonce stored first, then the ciphertext and the
 * 16-byte tag, no additional data. The key travels as 64 lower-case hex characters.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MinikubeadmError } from '../errors.js';

export const CERTIFICATE_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A new certificate key: 32 random bytes, hex. Never log it. */
export function createCertificateKey(): string {
  return randomBytes(CERTIFICATE_KEY_BYTES).toString('hex');
}

function keyBytes(keyHex: string): Buffer {
  if (!/^[0-9a-fA-F]*$/.test(keyHex) || keyHex.length % 2 !== 0) {
    throw new MinikubeadmError('FLAG_INVALID', 'error decoding certificate key: it is not hexadecimal', { hint: 'pass the 64 hex characters printed by `minikubeadm init --upload-certs` or `minikubeadm certs certificate-key`' });
  }
  const key = Buffer.from(keyHex, 'hex');
  if (key.length !== CERTIFICATE_KEY_BYTES) {
    throw new MinikubeadmError('FLAG_INVALID', `invalid certificate key size ${key.length}, the key must be an AES key of size ${CERTIFICATE_KEY_BYTES}`, {
      hint: 'pass the 64 hex characters printed by `minikubeadm init --upload-certs` or `minikubeadm certs certificate-key`',
    });
  }
  return key;
}

/** `nonce ‖ ciphertext ‖ tag`. `nonce` is for tests; a random one otherwise. */
export function encryptBytes(data: Buffer, keyHex: string, nonce: Buffer = randomBytes(NONCE_BYTES)): Buffer {
  const cipher = createCipheriv('aes-256-gcm', keyBytes(keyHex), nonce);
  return Buffer.concat([nonce, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or an error that says the key is wrong (GCM authentication failed). */
export function decryptBytes(data: Buffer, keyHex: string): Buffer {
  if (data.length < NONCE_BYTES) throw new Error('size of data is less than the nonce');
  if (data.length < NONCE_BYTES + TAG_BYTES) throw new Error('size of data is less than the nonce and the authentication tag');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(keyHex), data.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error('cipher: message authentication failed');
  }
}
