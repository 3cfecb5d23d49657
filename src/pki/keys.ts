/**
 * Private keys: the key type from `encryptionAlgorithm` (RSA-2048/3072/4096, ECDSA-P256/P384),
 * generation with Node's native crypto (off the main thread, so several keys are made at once), and
 * PEM in kubeadm's formats (PKCS#1 "RSA PRIVATE KEY" for RSA, SEC1 "EC PRIVATE KEY" for EC, SPKI
 * "PUBLIC KEY" for sa.pub).
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import type { EncryptionAlgorithm } from '../config/types.js';
import { MinikubeadmError, messageOf } from '../errors.js';
import type { KeySpec } from './algorithms.js';
import { PEM_EC_PRIVATE_KEY, PEM_PUBLIC_KEY, PEM_RSA_PRIVATE_KEY, decodePem, encodePem } from './pem.js';

const CURVES: Readonly<Record<string, 'P-256' | 'P-384'>> = { prime256v1: 'P-256', secp384r1: 'P-384' };

/**
 * The encryptionAlgorithm value `key` is an instance of (`RSA-2048`, `ECDSA-P256`, …), or a
 * description (`RSA-1024`, `EC secp521r1`, `ED25519`) when it is none of kubeadm's.
 */
export function algorithmOf(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') return `RSA-${details?.modulusLength ?? '?'}`;
  if (key.asymmetricKeyType === 'ec') {
    const curve = CURVES[details?.namedCurve ?? ''];
    return curve ? `ECDSA-${curve.replace('-', '')}` : `EC ${details?.namedCurve ?? 'unknown curve'}`;
  }
  return (key.asymmetricKeyType ?? 'unknown').toUpperCase();
}

/**
 * Throws PKI_INVALID when the existing key in `file` is not of `algorithm`: kubeadm cannot switch the
 * algorithm of an existing PKI, so a config that changes it is reported instead of mixing key types.
 */
export function checkKeyAlgorithm(key: KeyObject, file: string, algorithm: EncryptionAlgorithm, pkiDir: string): void {
  const have = algorithmOf(key);
  if (have === algorithm) return;
  throw new MinikubeadmError('PKI_INVALID', `${file} holds an ${have} key, but ClusterConfiguration.encryptionAlgorithm is ${algorithm}: the algorithm of an existing PKI cannot be changed`, {
    hint: `set encryptionAlgorithm: ${have} to keep this PKI, or move ${pkiDir} and the kubeconfig files away to have a new ${algorithm} PKI generated`,
  });
}

export { ENCRYPTION_ALGORITHMS, type KeySpec, keySpecFor } from './algorithms.js';
export { KeyPool } from './key-pool.js';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A new key pair, generated on libuv's thread pool. */
export function generateKey(spec: KeySpec): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => (err ? reject(err) : resolve({ privateKey, publicKey }));
    if (spec.type === 'rsa') generateKeyPair('rsa', { modulusLength: spec.bits }, done);
    else generateKeyPair('ec', { namedCurve: spec.curve }, done);
  });
}

/** PEM of a private key as kubeadm writes it: PKCS#1 for RSA, SEC1 for EC. */
export function privateKeyToPem(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return encodePem(PEM_RSA_PRIVATE_KEY, key.export({ type: 'pkcs1', format: 'der' }));
  if (key.asymmetricKeyType === 'ec') return encodePem(PEM_EC_PRIVATE_KEY, key.export({ type: 'sec1', format: 'der' }));
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** PEM "PUBLIC KEY" (SubjectPublicKeyInfo), the format of sa.pub. */
export function publicKeyToPem(key: KeyObject): string {
  // A private key (sa.key found without sa.pub) gives its public half; exporting it as SPKI would throw.
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return encodePem(PEM_PUBLIC_KEY, pub.export({ type: 'spki', format: 'der' }));
}

/** A private key from PEM (PKCS#1, PKCS#8 or SEC1); `file` names it in the error. */
export function parsePrivateKey(pem: string, file: string): KeyObject {
  if (decodePem(pem).length === 0) {
    throw new MinikubeadmError('PKI_INVALID', `${file} does not contain a PEM private key`, {
      hint: `replace ${file} with a PEM private key, or move it away to have a new one generated`,
    });
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new MinikubeadmError('PKI_INVALID', `${file} is not a readable private key: ${messageOf(e)}`, {
      hint: `replace ${file} with an unencrypted PEM private key, or move it away to have a new one generated`,
    });
  }
}

/** A public key from PEM; `file` names it in the error. */
export function parsePublicKey(pem: string, file: string): KeyObject {
  try {
    return createPublicKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new MinikubeadmError('PKI_INVALID', `${file} is not a readable public key: ${messageOf(e)}`, {
      hint: `replace ${file} with a PEM public key, or move it away to have it written again`,
    });
  }
}

/** True when both keys are the same key (compared by their public halves). */
export function sameKey(a: KeyObject, b: KeyObject): boolean {
  const pub = (k: KeyObject): Buffer => (k.type === 'private' ? createPublicKey(k) : k).export({ type: 'spki', format: 'der' });
  return pub(a).equals(pub(b));
}

/** Size in bits of an RSA key, for messages and tests. */
export function keyBits(key: KeyObject): number | undefined {
  return key.asymmetricKeyDetails?.modulusLength;
}
