/**
 * `certs check-expiration`, offline: every certificate and kubeconfig client certificate kubeadm
 * manages, then the CAs, read from the PKI directory and the kubeconfig files (made by minikubeadm
 * or by kubeadm, any version from v1.20 on), and kubelet.conf's client certificate for information.
 * A missing or unreadable file is an entry that says so. kubeadm's EXTERNALLY MANAGED rule: a CA
 * whose key is absent (and every certificate it signs) is managed outside the cluster.
 */
import { join } from 'node:path';
import { GROUPS, KUBECONFIG_FILES } from '../config/constants.js';
import type { Fs } from '../host/fs.js';
import { currentOf } from '../kubeconfig/kubeconfig.js';
import { shortHumanDuration } from '../output/human-duration.js';
import { kubeadmTableDate, outputObject, rfc3339 } from '../output/printer.js';
import { tabwrite } from '../output/tabwriter.js';
import { certKeyPaths } from '../pki/paths.js';
import { type Stored, readCertFile, readKubeconfigCert, readTarget } from './read.js';
import { type CAName, type Dirs, caEntriesFor, targetsFor } from './targets.js';

export interface ExpirationInputs {
  fs: Fs;
  dirs: Dirs;
  externalEtcd: boolean;
  now: Date;
}

export interface ExpirationEntry {
  name: string;
  file: string;
  state: Stored['state'];
  notAfter?: Date;
  /** The signing CA; absent for a CA. */
  caName?: CAName;
  externallyManaged: boolean;
  /** Why an unreadable file could not be read. */
  problem?: string;
}

export interface KubeletEntry extends ExpirationEntry {
  /** kubelet.conf names the kubelet's rotating certificate file instead of embedding one. */
  rotated: boolean;
}

export interface ExpirationInfo {
  certificates: ExpirationEntry[];
  certificateAuthorities: ExpirationEntry[];
  kubelet: KubeletEntry;
}

/** A tree without etcd/ca.crt and without an etcd manifest belongs to a cluster with external etcd. */
export async function looksLikeExternalEtcd(fs: Fs, certificatesDir: string, manifestsDir: string): Promise<boolean> {
  const [ca, manifest] = await Promise.all([fs.exists(certKeyPaths(certificatesDir, 'etcd/ca').cert), fs.exists(join(manifestsDir, 'etcd.yaml'))]);
  return !ca && !manifest;
}

function entry(name: string, stored: Stored, caName: CAName | undefined, externallyManaged: boolean): ExpirationEntry {
  const e: ExpirationEntry = { name, file: stored.file, state: stored.state, externallyManaged };
  if (caName) e.caName = caName;
  if (stored.state === 'ok') e.notAfter = stored.cert.notAfter;
  if (stored.state === 'unreadable') e.problem = stored.problem;
  return e;
}

export async function checkExpiration(inputs: ExpirationInputs): Promise<ExpirationInfo> {
  const { fs, dirs } = inputs;
  const cas = caEntriesFor(inputs.externalEtcd);
  // kubeadm's IsExternallyManaged: the CA certificate is there and its key is not.
  const external = new Map<CAName, boolean>();
  const caRows: ExpirationEntry[] = [];
  for (const ca of cas) {
    const paths = certKeyPaths(dirs.certificatesDir, ca.spec.baseName);
    const stored = await readCertFile(fs, paths.cert);
    const managed = stored.state === 'ok' && !(await fs.exists(paths.key));
    external.set(ca.name, managed);
    caRows.push(entry(ca.name, stored, undefined, managed));
  }
  const isExternal = (name: CAName): boolean => external.get(name) ?? false;

  const stored = await Promise.all(targetsFor(inputs.externalEtcd).map(async (t) => ({ t, s: await readTarget(fs, t, dirs) })));
  const admin = stored.find((x) => x.t.name === KUBECONFIG_FILES.admin)?.s;
  // Before v1.29 admin.conf was the system:masters identity and there was no super-admin.conf.
  const preSuperAdmin = admin?.state === 'ok' && admin.cert.subject.organization.includes(GROUPS.systemMasters);
  const certRows = stored
    .filter(({ t, s }) => !(t.name === KUBECONFIG_FILES.superAdmin && s.state === 'missing' && preSuperAdmin))
    .map(({ t, s }) => entry(t.name, s, t.caName, isExternal(t.caName)));

  const kubeletStored = await readKubeconfigCert(fs, join(dirs.kubeconfigDir, KUBECONFIG_FILES.kubelet));
  const kubelet: KubeletEntry = { ...entry(KUBECONFIG_FILES.kubelet, kubeletStored, 'ca', isExternal('ca')), rotated: false };
  if (kubeletStored.state === 'ok' && kubeletStored.kubeconfig) {
    const { user } = currentOf(kubeletStored.kubeconfig, kubeletStored.file);
    kubelet.rotated = typeof user.user['client-certificate'] === 'string' && !user.user['client-certificate-data'];
  }
  return { certificates: certRows, certificateAuthorities: caRows, kubelet };
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no').padEnd(8);
const residual = (e: ExpirationEntry, now: Date): number => (e.notAfter ? Math.trunc((e.notAfter.getTime() - now.getTime()) / 1000) : 0);

function row(e: ExpirationEntry, now: Date, cells: (e: ExpirationEntry) => string[], empty: number): string {
  if (e.state === 'missing') return `!MISSING! ${e.name}${'\t'.repeat(empty)}`;
  if (e.state === 'unreadable') return `!UNREADABLE! ${e.name}${'\t'.repeat(empty)}`;
  return [e.name, kubeadmTableDate(e.notAfter!), shortHumanDuration(residual(e, now) * 1000), ...cells(e)].join('\t');
}

/** kubeadm's two tables, then kubelet.conf's certificate (rotated by the kubelet, so never renewed here). */
export function expirationText(info: ExpirationInfo, now: Date): string {
  const lines = [
    'CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED',
    ...info.certificates.map((e) => row(e, now, (x) => [x.caName ?? '', yesNo(x.externallyManaged)], 4)),
    '',
    'CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED',
    ...info.certificateAuthorities.map((e) => row(e, now, (x) => [yesNo(x.externallyManaged)], 3)),
    '',
    'KUBELET CLIENT CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tROTATED BY THE KUBELET',
    row(info.kubelet, now, (x) => [x.caName ?? '', yesNo(info.kubelet.rotated)], 4),
  ];
  return tabwrite(`${lines.join('\n')}\n`);
}

function certificateObject(e: ExpirationEntry, now: Date): Record<string, unknown> {
  const o: Record<string, unknown> = {
    name: e.name,
    expirationDate: e.notAfter ? rfc3339(e.notAfter) : null,
    residualTime: residual(e, now),
    externallyManaged: e.externallyManaged,
  };
  if (e.caName) o['caName'] = e.caName;
  o['missing'] = e.state === 'missing';
  if (e.problem) o['error'] = e.problem;
  return o;
}

/**
 * kubeadm's CertificateExpirationInfo (output.kubeadm.k8s.io/v1alpha3); an unreadable entry adds
 * `error`, and `kubeletClientCertificate` (with `rotated`) is minikubeadm's addition.
 */
export function expirationObject(info: ExpirationInfo, now: Date): Record<string, unknown> {
  return outputObject('CertificateExpirationInfo', {
    certificates: info.certificates.map((e) => certificateObject(e, now)),
    certificateAuthorities: info.certificateAuthorities.map((e) => certificateObject(e, now)),
    kubeletClientCertificate: { ...certificateObject(info.kubelet, now), rotated: info.kubelet.rotated },
  });
}

/**
 * `--warn-within`: 3 when something has expired (or cannot be read: nothing can use it), 2 when
 * something expires within the window, else 0. Missing files and kubelet.conf do not count.
 */
export function expirationExitCode(info: ExpirationInfo, now: Date, windowMs: number): 0 | 2 | 3 {
  const entries = [...info.certificates, ...info.certificateAuthorities];
  if (entries.some((e) => e.state === 'unreadable' || (e.notAfter !== undefined && e.notAfter.getTime() <= now.getTime()))) return 3;
  if (entries.some((e) => e.notAfter !== undefined && e.notAfter.getTime() - now.getTime() <= windowMs)) return 2;
  return 0;
}

/** The entries that make the exit code, for a summary line on stderr. */
export function expiringEntries(info: ExpirationInfo, now: Date, windowMs: number): { expired: string[]; expiring: string[] } {
  const entries = [...info.certificates, ...info.certificateAuthorities];
  return {
    expired: entries.filter((e) => e.state === 'unreadable' || (e.notAfter !== undefined && e.notAfter.getTime() <= now.getTime())).map((e) => e.name),
    expiring: entries.filter((e) => e.notAfter !== undefined && e.notAfter.getTime() > now.getTime() && e.notAfter.getTime() - now.getTime() <= windowMs).map((e) => e.name),
  };
}
