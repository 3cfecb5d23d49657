/**
 * kubeadm's encryptionAlgorithm values and the key each one means (pkiutil.NewPrivateKey). No
 * crypto here: phases ask for key specs before any key or certificate code is loaded.
 */
import type { EncryptionAlgorithm } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';

export type KeySpec = { type: 'rsa'; bits: number } | { type: 'ec'; curve: 'P-256' | 'P-384' };

const ALGORITHMS: Readonly<Record<EncryptionAlgorithm, KeySpec>> = {
  'RSA-2048': { type: 'rsa', bits: 2048 },
  'RSA-3072': { type: 'rsa', bits: 3072 },
  'RSA-4096': { type: 'rsa', bits: 4096 },
  'ECDSA-P256': { type: 'ec', curve: 'P-256' },
  'ECDSA-P384': { type: 'ec', curve: 'P-384' },
};

/** Every accepted encryptionAlgorithm, in kubeadm's order. */
export const ENCRYPTION_ALGORITHMS = Object.keys(ALGORITHMS) as EncryptionAlgorithm[];

/** The key to generate for `encryptionAlgorithm`. */
export function keySpecFor(algorithm: EncryptionAlgorithm | string): KeySpec {
  const spec = (ALGORITHMS as Record<string, KeySpec | undefined>)[algorithm];
  if (spec) return spec;
  throw new MinikubeadmError('CONFIG_INVALID', `encryptionAlgorithm "${algorithm}" is not a known key type`, {
    hint: `set ClusterConfiguration.encryptionAlgorithm to one of ${ENCRYPTION_ALGORITHMS.join(', ')}`,
  });
}

/** Identifies a key spec: `rsa-2048`, `ec-P-256`. */
export const specId = (spec: KeySpec): string => (spec.type === 'rsa' ? `rsa-${spec.bits}` : `ec-${spec.curve}`);
