/**
 * Private keys: the key type from `encryptionAlgorithm`, generation with Node's native crypto (off the
 * main thread, so several keys are made at once), and PEM in kubeadm's formats (PKCS#1
 * "RSA PRIVATE KEY" for RSA, SPKI "PUBLIC KEY" for sa.pub).
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPair } from 'node:crypto';
import type { EncryptionAlgorithm } from '../config/types.js';
import { MinikubeadmError, messageOf } from '../errors.js';
import { PEM_PUBLIC_KEY, PEM_RSA_PRIVATE_KEY, decodePem, encodePem } from './pem.js';

export interface KeySpec {
  type: 'rsa';
  bits: number;
}

const RSA_BITS: Readonly<Record<string, number>> = { 'RSA-2048': 2048, 'RSA-3072': 3072, 'RSA-4096': 4096 };

/** The key to generate for `encryptionAlgorithm`; ECDSA is refused until signing supports it. */
export function keySpecFor(algorithm: EncryptionAlgorithm | string): KeySpec {
  const bits = RSA_BITS[algorithm];
  if (bits !== undefined) return { type: 'rsa', bits };
  const supported = Object.keys(RSA_BITS).join(', ');
  if (algorithm.startsWith('ECDSA')) {
    throw new MinikubeadmError('CONFIG_INVALID', `encryptionAlgorithm "${algorithm}" is not supported yet: certificates and keys can only be RSA`, {
      hint: `set ClusterConfiguration.encryptionAlgorithm to one of ${supported} (default RSA-2048)`,
    });
  }
  throw new MinikubeadmError('CONFIG_INVALID', `encryptionAlgorithm "${algorithm}" is not a known key type`, {
    hint: `set ClusterConfiguration.encryptionAlgorithm to one of ${supported}`,
  });
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A new key pair, generated on libuv's thread pool. */
export function generateKey(spec: KeySpec): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair(spec.type, { modulusLength: spec.bits }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ privateKey, publicKey }),
    );
  });
}

/**
 * Keys started ahead of need: a phase that knows it will write N keys asks for them up front, so
 * they are generated concurrently while certificates are built and signed one by one.
 */
export class KeyPool {
  private readonly ready = new Map<string, Promise<KeyPair>[]>();

  /** `generate` makes one key pair; tests pass a fixed source. */
  constructor(private readonly generate: (spec: KeySpec) => Promise<KeyPair> = generateKey) {}

  prefetch(spec: KeySpec, count: number): void {
    const list = this.list(spec);
    for (let i = 0; i < count; i++) {
      const p = this.generate(spec);
      p.catch(() => undefined); // a failure is reported to whoever takes it
      list.push(p);
    }
  }

  take(spec: KeySpec): Promise<KeyPair> {
    return this.list(spec).shift() ?? this.generate(spec);
  }

  /** Keys started but not taken yet. */
  pending(spec: KeySpec): number {
    return this.list(spec).length;
  }

  private list(spec: KeySpec): Promise<KeyPair>[] {
    const id = `${spec.type}-${spec.bits}`;
    let list = this.ready.get(id);
    if (!list) this.ready.set(id, (list = []));
    return list;
  }
}

/** PEM of a private key as kubeadm writes it: PKCS#1 for RSA, SEC1 for EC. */
export function privateKeyToPem(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return encodePem(PEM_RSA_PRIVATE_KEY, key.export({ type: 'pkcs1', format: 'der' }));
  if (key.asymmetricKeyType === 'ec') return key.export({ type: 'sec1', format: 'pem' }).toString();
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** PEM "PUBLIC KEY" (SubjectPublicKeyInfo), the format of sa.pub. */
export function publicKeyToPem(key: KeyObject): string {
  return encodePem(PEM_PUBLIC_KEY, key.export({ type: 'spki', format: 'der' }));
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
