/**
 * Temporary files a killed run left behind: Fs.write's `.NAME.PID.HEX.tmp` (some hold whole private
 * keys) and the lock's `.minikubeadm.lock.PID.new`. Removed at the start of every locked run, in the
 * directories it writes to (not recursively: only where this tool puts files). Files whose writer
 * (the pid in the name) is still running are kept.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotFound } from './fs.js';

const TEMP = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;
const LOCK_TEMP = /^\.minikubeadm\.lock\.(\d+)\.new$/;

/** Whether `name` is one of this tool's temporary files, written by a process that is gone. */
export function isLeftoverTemp(name: string, running: (pid: number) => boolean = processAlive): boolean {
  const m = TEMP.exec(name) ?? LOCK_TEMP.exec(name);
  return m !== null && Number(m[1]) !== process.pid && !running(Number(m[1]));
}

/** Whether a process with this pid exists (EPERM: it exists, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove leftover temporary files in `dirs`; returns their paths. */
export async function sweepTempFiles(dirs: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if (isNotFound(e) || (e as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
      throw e;
    }
    for (const name of names) {
      if (!isLeftoverTemp(name)) continue;
      await rm(join(dir, name), { force: true });
      removed.push(join(dir, name));
    }
  }
  return removed;
}
