/**
 * `certs renew`: each certificate re-issued by the CA that signed it, from the existing one's
 * identity (CommonName, Organization, extended key usages, DNS and IP SANs) with a new key and a new
 * validity; kubeconfig files get a new embedded client certificate and keep everything else. CAs are
 * never renewed. A target whose CA key is absent (external CA) is refused. Every replaced file is
 * copied into the run's backup directory first, and each certificate/key pair (or kubeconfig file)
 * is swapped through a journal (src/host/file-swap.ts), so a crash never leaves half a pair.
 */
import type { KeyObject } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import type { Fs } from '../host/fs.js';
import { finishSwap, journalPath, swapFiles } from '../host/file-swap.js';
import type { Logger } from '../log.js';
import { MinikubeadmError } from '../errors.js';
import { KUBECONFIG_MODE } from '../kubeconfig/ensure.js';
import { currentOf, serializeKubeconfig } from '../kubeconfig/kubeconfig.js';
import { createSignedCertificate } from '../pki/issue.js';
import { type KeyPool, type KeySpec, privateKeyToPem } from '../pki/keys.js';
import { KEY_MODE } from '../pki/files.js';
import { type ModeCheck, certificateDirectories, secureDirectories, secureSecretFile } from '../pki/modes.js';
import { certKeyPaths } from '../pki/paths.js';
import { PEM_CERTIFICATE, encodePem } from '../pki/pem.js';
import { keyMatches } from '../pki/verify.js';
import type { CertInfo } from '../pki/x509-read.js';
import type { ExtKeyUsage } from '../pki/x509-build.js';
import { kubeadmTableDate } from '../output/printer.js';
import { type Stored, readCertFile, readTarget } from './read.js';
import { type Dirs, type Target, caSpecNamed, filesOf } from './targets.js';

/** client-go's certutil.WriteCert mode. */
const CERT_MODE = 0o644;
const CERTIFICATE_BACKDATE_MS = 5 * 60 * 1000;

export interface RenewInputs {
  fs: Fs;
  dirs: Dirs;
  /** Root of the backup directories (`<kubernetes-dir>/tmp`). */
  tmpDir: string;
  /** certificateValidityPeriod, or --validity-period. */
  validityMs: number;
  keySpec: KeySpec;
  keys: KeyPool;
  now: Date;
  log: Logger;
  dryRun: boolean;
  /** This run's backup directory, made on first use. */
  backup: BackupDir;
  /** Test hook passed to the swap (a throw there stands for a crash). */
  step?: (name: string) => void;
}

export type RenewOutcome = 'renewed' | 'missing' | 'external';

/** kubeadm upgrade's timestamp format, `2006-01-02-15-04-05`, in UTC. */
export function backupTimestamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[T:]/g, '-');
}

/** `<tmp>/kubeadm-backup-certs-<timestamp>`, chosen once per run (a suffix when the second is taken). */
export class BackupDir {
  #path: string | undefined;

  constructor(
    private readonly fs: Fs,
    private readonly tmpDir: string,
    private readonly now: Date,
  ) {}

  async path(): Promise<string> {
    if (this.#path) return this.#path;
    const base = join(this.tmpDir, `kubeadm-backup-certs-${backupTimestamp(this.now)}`);
    let candidate = base;
    for (let i = 1; await this.fs.exists(candidate); i++) candidate = `${base}.${i}`;
    await this.fs.mkdir(this.tmpDir, 0o700);
    await this.fs.mkdir(candidate, 0o700);
    this.#path = candidate;
    return candidate;
  }

  /** The directory, if this run made one. */
  made(): string | undefined {
    return this.#path;
  }
}

/** A file's name inside the backup: pki/… for certificates, the kubeconfig's own name, else its path. */
function backupName(dirs: Dirs): (path: string) => string {
  return (path) => {
    const inPki = relative(dirs.certificatesDir, path);
    if (!inPki.startsWith('..')) return join('pki', inPki);
    const inConf = relative(dirs.kubeconfigDir, path);
    return inConf.startsWith('..') ? path.replace(/^\/+/, '') : inConf;
  };
}

const KNOWN_USAGES: readonly string[] = ['serverAuth', 'clientAuth'];

interface Signer {
  cert: CertInfo;
  key: KeyObject;
}

/** The CA key and certificate of `target`, `undefined` when the key is absent (external CA). */
async function signerOf(inputs: RenewInputs, target: Target): Promise<Signer | undefined> {
  const spec = caSpecNamed(target.caName);
  const paths = certKeyPaths(inputs.dirs.certificatesDir, spec.baseName);
  const stored = await readCertFile(inputs.fs, paths.cert, paths.key);
  if (stored.state === 'missing') {
    throw new MinikubeadmError('PKI_MISSING', `the CA certificate ${paths.cert} that signs ${target.name} does not exist`, {
      hint: `put the ${spec.longName} back at ${paths.cert} (see the backups under the kubernetes dir's tmp/), then re-run`,
    });
  }
  if (stored.state === 'unreadable') throw new MinikubeadmError('PKI_INVALID', stored.problem, { hint: `fix ${paths.cert}, then re-run` });
  if (!stored.key) return undefined;
  if (!keyMatches(stored.cert, stored.key)) {
    throw new MinikubeadmError('PKI_INVALID', `CA certificate ${paths.cert} does not match the private key in ${paths.key}`, { hint: 'fix the CA first; nothing was renewed with it' });
  }
  return { cert: stored.cert, key: stored.key };
}

/**
 * Before anything is renewed: every CA the targets need must be there and, when its key is there
 * (not an external CA), match it and still be valid; a certificate renewed by an expired CA would
 * not work, so nothing is renewed at all.
 */
export async function checkSigners(inputs: Pick<RenewInputs, 'fs' | 'dirs' | 'now'>, targets: readonly Target[]): Promise<void> {
  const problems: string[] = [];
  for (const name of new Set(targets.map((t) => t.caName))) {
    const target = targets.find((t) => t.caName === name)!;
    try {
      const signer = await signerOf(inputs as RenewInputs, target);
      if (signer && signer.cert.notAfter.getTime() <= inputs.now.getTime()) {
        problems.push(`the CA ${name} (${certKeyPaths(inputs.dirs.certificatesDir, caSpecNamed(name).baseName).cert}) expired on ${signer.cert.notAfter.toISOString()}`);
      }
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (problems.length === 0) return;
  throw new MinikubeadmError('PKI_INVALID', `nothing was renewed: ${problems.join('; ')}`, {
    hint: 'certificates cannot outlive the CA that signs them: replace the CA first (a new CA means new certificates for every component and node), then renew',
  });
}

/**
 * What a renewal relies on and keeps: the certificate directories (others must not be able to
 * write there) and the keys of the CAs that sign the targets (others must not read them). The
 * renewed keys themselves are written 0600.
 */
export async function checkModes(m: ModeCheck, dirs: Dirs, targets: readonly Target[]): Promise<void> {
  await secureDirectories(m, certificateDirectories(dirs.certificatesDir));
  for (const name of new Set(targets.map((t) => t.caName))) {
    const { key } = certKeyPaths(dirs.certificatesDir, caSpecNamed(name).baseName);
    await secureSecretFile(m, key);
  }
}

/** A new certificate with `old`'s identity and SANs, for a new key, signed by `ca`. */
async function reissue(inputs: RenewInputs, target: Target, old: CertInfo, ca: Signer): Promise<{ cert: CertInfo; key: KeyObject; keyPem: string }> {
  const dropped = old.extKeyUsage.filter((u) => !KNOWN_USAGES.includes(u));
  if (dropped.length > 0) inputs.log.warn(`${target.name}: the extended key usages ${dropped.join(', ')} of the existing certificate are not carried over`);
  const t = inputs.now.getTime();
  const seconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);
  const validity = { notBefore: seconds(t - CERTIFICATE_BACKDATE_MS), notAfter: seconds(t + inputs.validityMs) };
  if (validity.notAfter > ca.cert.notAfter) {
    inputs.log.warn(`the renewed ${target.name} certificate (valid until ${validity.notAfter.toISOString()}) outlives its CA ${target.caName} (valid until ${ca.cert.notAfter.toISOString()}); it stops working when the CA expires`);
  }
  const keys = await inputs.keys.take(inputs.keySpec);
  const request = {
    commonName: old.subject.commonName,
    organization: old.subject.organization,
    usages: old.extKeyUsage.filter((u): u is ExtKeyUsage => KNOWN_USAGES.includes(u)),
    dnsNames: old.dnsNames,
    ips: old.ips,
  };
  return createSignedCertificate(ca, request, keys, validity);
}

function checkCAOfKubeconfig(target: Target, stored: Extract<Stored, { state: 'ok' }>, ca: Signer): void {
  const { cluster } = currentOf(stored.kubeconfig!, stored.file);
  const data = cluster.cluster['certificate-authority-data'];
  if (typeof data !== 'string' || data === '') return;
  const embedded = Buffer.from(data, 'base64').toString('utf8');
  if (!embedded.includes(ca.cert.pem.trim())) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `${stored.file} trusts another CA than the cluster CA ${target.caName} it would be renewed with`, {
      hint: `this file belongs to another cluster or CA: fix it or move it away, then re-run \`minikubeadm certs renew ${target.name}\``,
    });
  }
}

/** The new contents of a kubeconfig file: the current user's embedded client certificate and key replaced. */
function renewedKubeconfig(target: Target, stored: Extract<Stored, { state: 'ok' }>, cert: CertInfo, keyPem: string): string {
  const config = structuredClone(stored.kubeconfig!);
  const { user } = currentOf(config, stored.file);
  if (typeof user.user['client-certificate-data'] !== 'string' || typeof user.user['client-key-data'] !== 'string') {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `${stored.file} names its client certificate and key in files instead of embedding them`, {
      hint: `renew those files yourself, or embed the credentials (client-certificate-data, client-key-data) and re-run \`minikubeadm certs renew ${target.name}\``,
    });
  }
  user.user['client-certificate-data'] = Buffer.from(cert.pem, 'utf8').toString('base64');
  user.user['client-key-data'] = Buffer.from(keyPem, 'utf8').toString('base64');
  return serializeKubeconfig(config);
}

/** The journal id and target files of a target, for the swap and for finishing an interrupted one. */
export function swapGroupOf(target: Target, dirs: Dirs): { dir: string; id: string; paths: string[] } {
  const files = filesOf(target, dirs);
  if (target.kind === 'cert' && files.cert) return { dir: dirname(files.cert.cert), id: basename(target.spec.baseName), paths: [files.cert.key, files.cert.cert] };
  const file = files.kubeconfig!;
  return { dir: dirname(file), id: target.name, paths: [file] };
}

/** Finish (or undo) a swap of `target` that a crash interrupted; what was done, or undefined. */
export async function finishInterrupted(target: Target, dirs: Dirs): Promise<string | undefined> {
  const g = swapGroupOf(target, dirs);
  const r = await finishSwap(g.dir, g.id, g.paths);
  if (r.state === 'finished') {
    // An empty backup directory: the journal was init's, writing a new pair (nothing was replaced).
    return r.backupDir === '' ? `finished writing ${target.name}, interrupted during init` : `finished the interrupted renewal of ${target.name} (the files it replaced are in "${r.backupDir}")`;
  }
  if (r.state === 'discarded') return `discarded the unfinished new files of an interrupted renewal of ${target.name}; its files were not replaced`;
  return undefined;
}

/** Whether a crash left `target` in the middle of a swap (its journal exists). */
export function interruptedSwap(fs: Fs, target: Target, dirs: Dirs): Promise<boolean> {
  const g = swapGroupOf(target, dirs);
  return fs.exists(journalPath(g.dir, g.id));
}

/** Renew one target; the line kubeadm prints for it is logged. */
export async function renewTarget(inputs: RenewInputs, target: Target): Promise<RenewOutcome> {
  const { fs, dirs, log } = inputs;
  const stored = await readTarget(fs, target, dirs);
  if (stored.state === 'missing') {
    log.print(`MISSING! ${target.longName}`);
    return 'missing';
  }
  if (stored.state === 'unreadable') {
    throw new MinikubeadmError('PKI_INVALID', `cannot renew ${target.name}: ${stored.problem}`, { hint: `fix or replace ${stored.file}, then re-run` });
  }
  const ca = await signerOf(inputs, target);
  if (!ca) {
    log.print(`Detected external ${caSpecNamed(target.caName).baseName}, ${target.longName} can't be renewed`);
    return 'external';
  }
  if (target.kind === 'kubeconfig') checkCAOfKubeconfig(target, stored, ca);
  const issued = await reissue(inputs, target, stored.cert, ca);
  const files = filesOf(target, dirs);
  if (inputs.dryRun) {
    const where = files.cert ? `${files.cert.cert} and ${files.cert.key}` : files.kubeconfig!;
    log.print(`[dryrun] Would renew ${target.longName}: a new key and a certificate valid until ${kubeadmTableDate(issued.cert.notAfter)} (now ${kubeadmTableDate(stored.cert.notAfter)}), replacing ${where}`);
    return 'renewed';
  }
  const g = swapGroupOf(target, dirs);
  const newFiles = files.cert
    ? [
        { path: files.cert.key, data: privateKeyToPem(issued.key), mode: KEY_MODE },
        { path: files.cert.cert, data: encodePem(PEM_CERTIFICATE, issued.cert.der), mode: CERT_MODE },
      ]
    : [{ path: files.kubeconfig!, data: renewedKubeconfig(target, stored, issued.cert, issued.keyPem), mode: KUBECONFIG_MODE }];
  await swapFiles({ id: g.id, files: newFiles }, { backupDir: await inputs.backup.path(), backupName: backupName(dirs), step: inputs.step });
  log.print(`${target.longName} renewed`);
  return 'renewed';
}

/** The components that read a target's certificate: what must be restarted after renewing it. */
export function componentsUsing(target: Target): string[] {
  switch (target.name) {
    case 'apiserver':
    case 'apiserver-kubelet-client':
    case 'apiserver-etcd-client':
    case 'front-proxy-client':
      return ['kube-apiserver'];
    case 'controller-manager.conf':
      return ['kube-controller-manager'];
    case 'scheduler.conf':
      return ['kube-scheduler'];
    case 'etcd-server':
    case 'etcd-peer':
      return ['etcd'];
    default:
      return [];
  }
}
