/**
 * Reading what a target holds now: the certificate (and key) files, or the client certificate
 * of a kubeconfig file (embedded, or in the files it names). `missing` when the file is absent;
 * `problem` when it is there but cannot be read, so callers can report it instead of failing.
 */
import type { KeyObject } from 'node:crypto';
import type { Fs } from '../host/fs.js';
import { type Kubeconfig, currentOf, material, parseKubeconfig } from '../kubeconfig/kubeconfig.js';
import { messageOf } from '../errors.js';
import { parsePrivateKey } from '../pki/keys.js';
import { type CertInfo, parseCertificatesPem } from '../pki/x509-read.js';
import { type Dirs, type Target, filesOf } from './targets.js';

export type Stored =
  | { state: 'missing'; file: string }
  | { state: 'unreadable'; file: string; problem: string }
  | { state: 'ok'; file: string; cert: CertInfo; chain: CertInfo[]; key: KeyObject | undefined; kubeconfig?: Kubeconfig; kubeconfigText?: string };

/** A certificate file (and its key, when `keyFile` is given and exists). */
export async function readCertFile(fs: Fs, certFile: string, keyFile?: string): Promise<Stored> {
  try {
    const text = await fs.readText(certFile);
    if (text === undefined) return { state: 'missing', file: certFile };
    const chain = parseCertificatesPem(text, certFile);
    const keyText = keyFile === undefined ? undefined : await fs.readText(keyFile);
    const key = keyText === undefined ? undefined : parsePrivateKey(keyText, keyFile!);
    return { state: 'ok', file: certFile, cert: chain[0]!, chain, key };
  } catch (e) {
    return { state: 'unreadable', file: certFile, problem: messageOf(e) };
  }
}

/** The client certificate (and key) of a kubeconfig file's current user. */
export async function readKubeconfigCert(fs: Fs, file: string): Promise<Stored> {
  try {
    const text = await fs.readText(file);
    if (text === undefined) return { state: 'missing', file };
    const kubeconfig = parseKubeconfig(text, file);
    const { user } = currentOf(kubeconfig, file);
    const read = (p: string): Promise<string | undefined> => fs.readText(p);
    const certPem = await material(file, user.user, 'client-certificate', read);
    if (certPem === undefined) return { state: 'unreadable', file, problem: `kubeconfig file ${file} has no client certificate for user "${user.name}"` };
    const chain = parseCertificatesPem(certPem.text, certPem.source);
    const keyPem = await material(file, user.user, 'client-key', read);
    const key = keyPem === undefined ? undefined : parsePrivateKey(keyPem.text, keyPem.source);
    return { state: 'ok', file, cert: chain[0]!, chain, key, kubeconfig, kubeconfigText: text };
  } catch (e) {
    return { state: 'unreadable', file, problem: messageOf(e) };
  }
}

export function readTarget(fs: Fs, target: Target, dirs: Dirs): Promise<Stored> {
  const files = filesOf(target, dirs);
  return files.cert ? readCertFile(fs, files.cert.cert, files.cert.key) : readKubeconfigCert(fs, files.kubeconfig!);
}
