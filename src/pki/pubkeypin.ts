/**
 * Public key pins, as `--discovery-token-ca-cert-hash` uses them (kubeadm's util/pubkeypin):
 * `sha256:<hex>` of the certificate's DER SubjectPublicKeyInfo, and a set of allowed pins.
 * No node-forge here: join discovery loads this before anything heavy.
 */
import { createHash } from 'node:crypto';
import { MinikubeadmError } from '../errors.js';
import { PEM_CERTIFICATE, decodePem } from './pem.js';

const SUPPORTED_FORMATS = 'sha256';

/** One DER TLV at `offset`: where its contents start and end. */
function tlv(der: Buffer, offset: number): { start: number; end: number } {
  let pos = offset + 1;
  const first = der[pos++];
  if (first === undefined) throw new Error('truncated DER');
  let length = first;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[pos++]!;
  }
  if (pos + length > der.length) throw new Error('truncated DER');
  return { start: pos, end: pos + length };
}

/** The exact DER bytes of a certificate's SubjectPublicKeyInfo. */
function subjectPublicKeyInfoOf(certDer: Buffer): Buffer {
  const cert = tlv(certDer, 0);
  const tbs = tlv(certDer, cert.start);
  let at = tbs.start;
  if (certDer[at] === 0xa0) at = tlv(certDer, at).end; // [0] version
  for (let i = 0; i < 5; i++) at = tlv(certDer, at).end; // serial, signature, issuer, validity, subject
  return certDer.subarray(at, tlv(certDer, at).end);
}

function derOf(cert: string | Buffer): Buffer {
  const text = typeof cert === 'string' ? cert : cert.subarray(0, 64).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const block = decodePem(typeof cert === 'string' ? cert : cert.toString('utf8')).find((b) => b.type === PEM_CERTIFICATE);
    if (!block) throw new MinikubeadmError('PKI_INVALID', 'no PEM certificate found to hash', { hint: 'pass a PEM or DER certificate' });
    return block.der;
  }
  if (typeof cert === 'string') throw new MinikubeadmError('PKI_INVALID', 'no PEM certificate found to hash', { hint: 'pass a PEM or DER certificate' });
  return cert;
}

/** `sha256:<lowercase hex>` of the certificate's SubjectPublicKeyInfo (kubeadm's pubkeypin.Hash). */
export function hashCertificate(cert: string | Buffer): string {
  let spki: Buffer;
  try {
    spki = subjectPublicKeyInfoOf(derOf(cert));
  } catch (e) {
    if (e instanceof MinikubeadmError) throw e;
    throw new MinikubeadmError('PKI_INVALID', `cannot read the certificate to hash: ${(e as Error).message}`, { hint: 'pass a PEM or DER certificate' });
  }
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

function pinError(message: string): MinikubeadmError {
  return new MinikubeadmError('FLAG_INVALID', message, {
    hint: 'give --discovery-token-ca-cert-hash as sha256:<64 hex digits>, as printed by `minikubeadm init` or computed from ca.crt',
  });
}

/** A set of allowed public key pins with kubeadm's parsing rules and messages. */
export class PinSet {
  private readonly sha256 = new Set<string>();

  /** Add pins; the first invalid one throws and leaves the set as it was before it. */
  allow(...hashes: string[]): void {
    for (const hash of hashes) {
      const parts = hash.split(':');
      if (parts.length !== 2) throw pinError(`invalid hash, expected "format:hex-value". Known format(s) are: ${SUPPORTED_FORMATS}`);
      const [format, value] = parts as [string, string];
      if (format.toLowerCase() !== 'sha256') throw pinError(`unknown hash format "${format}". Known format(s) are: ${SUPPORTED_FORMATS}`);
      const bytes = Math.floor(value.length / 2);
      if (bytes !== 32) throw pinError(`invalid hash "${hash}", expected a 32 byte SHA-256 hash, found ${bytes} bytes`);
      if (value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value)) throw pinError(`invalid hash "${hash}", could not decode SHA-256 from hex`);
      this.sha256.add(value.toLowerCase());
    }
  }

  isEmpty(): boolean {
    return this.sha256.size === 0;
  }

  /** True when `hash` (any case of format and hex) is pinned. */
  has(hash: string): boolean {
    const [format, value] = hash.split(':');
    return format?.toLowerCase() === 'sha256' && value !== undefined && this.sha256.has(value.toLowerCase());
  }

  /** Passes when any of `certs` has a pinned public key; otherwise throws naming their hashes. */
  checkAny(certs: readonly (string | Buffer)[]): void {
    const hashes = certs.map((c) => hashCertificate(c));
    if (hashes.some((h) => this.has(h))) return;
    throw new MinikubeadmError('PKI_INVALID', `none of the public keys "${hashes.join(':')}" are pinned`, {
      hint: 'the cluster CA differs from the one --discovery-token-ca-cert-hash names: check the hash against the control plane\'s ca.crt',
    });
  }
}
