/** Kernel filesystems where no file or directory can be created (a recursive mkdir never ends there). */
import { posix } from 'node:path';

const KERNEL_FILESYSTEMS = ['/proc', '/sys'];

/** The kernel filesystem (`/proc`, `/sys`) an absolute path lies in, if any. */
export function kernelFilesystemOf(path: string): string | undefined {
  const p = posix.normalize(path);
  return KERNEL_FILESYSTEMS.find((root) => p === root || p.startsWith(`${root}/`));
}
