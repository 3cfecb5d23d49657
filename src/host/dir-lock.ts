/**
 * The lock every command that writes under --kubernetes-dir takes (init, join, reset, certs
 * renew): two runs at once on one directory could pair a certificate with another run's key. The
 * second run fails at once, naming the holder's pid. The directory is created for the lock only if
 * needed and removed again on release when it is still empty (a failed run leaves no trace). One
 * race remains: when two runs start on a directory that does not exist, the one that created it may
 * lose the lock; the holder cannot tell the directory is new, so if the holder then fails before
 * writing anything, the empty directory stays.
 */
import { mkdir, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { acquireLock } from './file-swap.js';

export const LOCK_FILE = '.minikubeadm.lock';

export const lockPathOf = (kubernetesDir: string): string => join(kubernetesDir, LOCK_FILE);

/** Take the lock on `kubernetesDir` for `what` (e.g. "`minikubeadm init`"); returns the release function. */
export async function lockKubernetesDir(kubernetesDir: string, what: string): Promise<() => Promise<void>> {
  const created = await mkdir(kubernetesDir, { recursive: true, mode: 0o755 });
  const undo = async (): Promise<void> => {
    if (created === undefined) return;
    // From the directory up to the first one mkdir created, each removed only while empty.
    for (let d = kubernetesDir; d.length >= created.length; d = dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) break;
    }
  };
  const release = await acquireLock(lockPathOf(kubernetesDir), what).catch(async (e: unknown) => {
    await undo();
    throw e;
  });
  return async () => {
    await release();
    await undo();
  };
}
