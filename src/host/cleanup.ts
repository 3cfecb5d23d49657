/**
 * Removing what a node's set-up wrote: emptying directories (the directory itself stays, as
 * kubeadm's CleanDir does) and deleting files, with two guards. A directory that is a system
 * directory (/, /etc, /var/lib, …) or lies in /proc or /sys is never emptied, whatever a flag or a
 * manifest names; and a directory with a filesystem still mounted below it is not emptied, so
 * removal never reaches into a mounted volume.
 */
import { readdir, realpath, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isNotFound } from './fs.js';
import type { HostProbe } from './system.js';

const SYSTEM_DIRS = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/var/lib',
  '/var/run', '/var/tmp', '/usr/local', '/usr/bin', '/usr/lib',
]);

/** The directory with symbolic links resolved (as far as it exists). */
async function real(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    return resolve(dir);
  }
}

/** Why `dir` must not be emptied, or `undefined`. */
export async function protectedDirProblem(dir: string): Promise<string | undefined> {
  const r = await real(dir);
  if (SYSTEM_DIRS.has(r)) return `${dir}${r === dir ? '' : ` (${r})`} is a system directory`;
  if (r.startsWith('/proc/') || r.startsWith('/sys/')) return `${dir} is in a kernel filesystem`;
  return undefined;
}

/** Mount points at or below `dir`, deepest first (from /proc/self/mountinfo, octal escapes decoded). */
export async function mountsUnder(host: HostProbe, dir: string): Promise<string[]> {
  const text = (await host.readFile('/proc/self/mountinfo'))?.toString('utf8') ?? '';
  const root = await real(dir);
  const points = text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === root || p.startsWith(`${root}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmount one mount point with `umount`; the reason on failure. */
export async function unmount(host: HostProbe, path: string): Promise<string | undefined> {
  const r = await host.run('umount', [path], { timeoutMs: 30_000 });
  if (r === 'missing') return 'umount is not on PATH';
  if (r.timedOut) return `umount ${path} did not finish within 30s`;
  return r.exitCode === 0 ? undefined : `${r.stdout}\n${r.stderr}`.trim() || `umount ${path} exited with ${r.exitCode}`;
}

/** Remove everything inside `dir` (which stays); `false` when it does not exist. */
export async function emptyDir(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
  for (const name of entries) await rm(join(dir, name), { recursive: true, force: true });
  return true;
}

/** Delete files; returns the ones that existed. */
export async function removeFiles(paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const p of paths) {
    try {
      await rm(p);
      removed.push(p);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return removed;
}
