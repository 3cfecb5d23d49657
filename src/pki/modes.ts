/**
 * The modes of what guards the cluster's secrets: a file holding a private key (a key, a
 * kubeconfig) must be readable by its owner only, and a certificate directory writable by its owner
 * only (else anyone on the node could replace the keys and certificates in it). What is wrong is
 * reported with the command that fixes it and left as it is, as kubeadm leaves it; with `fix`
 * (--fix-permissions, minikubeadm's own) it is fixed and said so. Never changed in dry-run, nor
 * through a symbolic link (its target may be anyone's file).
 */
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fs } from '../host/fs.js';
import type { Logger } from '../log.js';

/** What checking modes needs: the run's files and logger, and whether to fix what is wrong. */
export interface ModeCheck {
  fs: Fs;
  log: Logger;
  fix: boolean;
}

export const FIX_FLAG = '--fix-permissions';

/** The mode a private key or kubeconfig is written with (kubeadm's keyutil.WriteKey). */
const SECRET_FILE_MODE = 0o600;

/** `0644`, as `ls -l` users read it. */
export const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

/** The chmod argument for a mode: `600`, `1755`. */
const chmodArg = (mode: number): string => mode.toString(8).padStart(3, '0');

/** The mode a secret file should have, or `undefined` when group and others cannot read it already. */
export function secretFileFix(mode: number): number | undefined {
  return (mode & 0o077) === 0 ? undefined : SECRET_FILE_MODE;
}

/** The mode a certificate directory should have (group and others lose write), or `undefined` when it is fine. */
export function directoryFix(mode: number): number | undefined {
  return (mode & 0o022) === 0 ? undefined : mode & ~0o022;
}

/** Where a symbolic link leads, for a hint (the link itself when it cannot be resolved). */
const targetOf = (path: string): Promise<string> => realpath(path).catch(() => path);

/** Warnings and the lines saying what was done are printed once per run: several sub-phases check the same directory. */
async function apply(m: ModeCheck, path: string, mode: number, fixed: number, problem: string, goal: string): Promise<void> {
  const change = `(mode ${octal(mode)} → ${octal(fixed)})`;
  if (!m.fix) {
    m.log.once('warn', `${problem}: run "chmod ${chmodArg(fixed)} ${path}", or pass ${FIX_FLAG}`);
  } else if (await m.fs.isSymlink(path)) {
    const target = await targetOf(path);
    m.log.once('warn', `${problem}; ${path} is a symbolic link, so it was left as it is: run "chmod ${chmodArg(fixed)} ${target}" if that is yours to change`);
  } else if (m.fs.dryRun) {
    m.log.once('info', `Would make ${path} ${goal} ${change}`);
  } else {
    try {
      await m.fs.chmod(path, fixed);
    } catch (e) {
      // Not the owner (EPERM), a read-only mount (EROFS): the run goes on, as without the flag.
      m.log.once('warn', `${problem}, and it could not be changed (${(e as NodeJS.ErrnoException).code ?? String(e)}): run "chmod ${chmodArg(fixed)} ${path}" as its owner`);
      return;
    }
    m.log.once('info', `Made ${path} ${goal} ${change}`);
  }
}

/** A key or kubeconfig at `path` that group or others can read: reported, or made 0600. */
export async function secureSecretFile(m: ModeCheck, path: string): Promise<void> {
  const mode = await m.fs.mode(path);
  const fixed = mode === undefined ? undefined : secretFileFix(mode);
  if (mode === undefined || fixed === undefined) return;
  await apply(m, path, mode, fixed, `${path} is readable by group or others (mode ${octal(mode)}) although it holds a private key`, 'readable only by its owner');
}

/** Directories (those that exist) that group or others can write to: reported, or made writable by their owner only. */
export async function secureDirectories(m: ModeCheck, dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    const mode = await m.fs.mode(dir);
    const fixed = mode === undefined ? undefined : directoryFix(mode);
    if (mode === undefined || fixed === undefined) continue;
    const others = (mode & 0o002) !== 0;
    const who = others ? 'anyone on the node' : 'any member of its group';
    await apply(m, dir, mode, fixed, `${dir} is writable by ${others ? 'others' : 'its group'} (mode ${octal(mode)}): ${who} could replace the keys and certificates in it`, 'writable only by its owner');
  }
}

/** The certificate directory and its `etcd` subdirectory. */
export const certificateDirectories = (certificatesDir: string): string[] => [certificatesDir, join(certificatesDir, 'etcd')];
