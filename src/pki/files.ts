/**
 * Certificate and key files under certificatesDir, read and written through the run's Fs (atomic,
 * dry-run aware). Modes as kubeadm's client-go helpers: certificates 0644, keys 0600, directories
 * created 0755.
 */
import type { KeyObject } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { Fs } from '../host/fs.js';
import { parsePrivateKey, privateKeyToPem } from './keys.js';
import { type CertKeyPaths, certKeyPaths } from './paths.js';
import { PEM_CERTIFICATE, encodePem } from './pem.js';
import { type CertInfo, parseCertificatesPem } from './x509-read.js';

const CERT_MODE = 0o644;
export const KEY_MODE = 0o600;
/** client-go's certutil.WriteCert / keyutil.WriteKey create missing directories 0755. */
export const PKI_DIR_MODE = 0o755;

export { type CertKeyPaths, certKeyPaths } from './paths.js';

/** A certificate file's chain (leaf first), or `undefined` when the file does not exist. */
export async function readCertificateChain(fs: Fs, path: string): Promise<CertInfo[] | undefined> {
  const text = await fs.readText(path);
  return text === undefined ? undefined : parseCertificatesPem(text, path);
}

export async function readPrivateKey(fs: Fs, path: string): Promise<KeyObject | undefined> {
  const text = await fs.readText(path);
  return text === undefined ? undefined : parsePrivateKey(text, path);
}

/** A certificate and its key as found on disk; either may be missing. */
export interface StoredPair {
  paths: CertKeyPaths;
  chain: CertInfo[] | undefined;
  key: KeyObject | undefined;
}

export async function readCertAndKey(fs: Fs, dir: string, baseName: string): Promise<StoredPair> {
  const paths = certKeyPaths(dir, baseName);
  const [chain, key] = await Promise.all([readCertificateChain(fs, paths.cert), readPrivateKey(fs, paths.key)]);
  return { paths, chain, key };
}

/** The journal id of a pair: its file name (`etcd/ca` → `ca` in pki/etcd), the id `certs renew` uses too. */
export const pairId = (baseName: string): string => basename(baseName);

/**
 * Write a key (0600) and its certificate (0644) as one unit (kubeadm writes the key, then the
 * certificate, and a crash between the two leaves a key no later run accepts).
 */
export async function writeCertAndKey(fs: Fs, paths: CertKeyPaths, certDer: Buffer, key: KeyObject): Promise<void> {
  await fs.writeGroup(pairId(paths.cert.replace(/\.crt$/, '')), [
    { path: paths.key, data: privateKeyToPem(key), mode: KEY_MODE, secret: true, dirMode: PKI_DIR_MODE },
    { path: paths.cert, data: encodePem(PEM_CERTIFICATE, certDer), mode: CERT_MODE, dirMode: PKI_DIR_MODE },
  ]);
}

/** Finish (or discard) a pair write a crash interrupted; returns whether one was finished. */
export async function recoverPair(fs: Fs, paths: CertKeyPaths): Promise<boolean> {
  return fs.recoverGroup(dirname(paths.cert), pairId(paths.cert.replace(/\.crt$/, '')), [paths.key, paths.cert]);
}
