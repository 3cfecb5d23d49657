/**
 * Reading a file the user or an attacker may have replaced: a FIFO, a device (`/dev/zero`), a socket
 * or a directory where a certificate, key, kubeconfig, config or template is expected is refused with
 * the path named, before a single byte is read (a FIFO would block for ever, `/dev/zero` never ends).
 * The file is opened with O_NONBLOCK (so opening a FIFO returns at once) and checked with fstat on
 * the open descriptor (no window between the check and the read); reads stop at a size limit.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { MinikubeadmError } from './errors.js';

/** Certificates, keys and kubeconfigs are a few KiB; configs and templates stay far below this. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface RegularFile {
  bytes: Buffer;
  /** Permission bits (e.g. 0o600). */
  mode: number;
}

/** What a non-regular file is, for messages. */
export function fileKind(mode: number): string {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFIFO:
      return 'a FIFO (named pipe)';
    case constants.S_IFCHR:
      return 'a character device';
    case constants.S_IFBLK:
      return 'a block device';
    case constants.S_IFSOCK:
      return 'a socket';
    case constants.S_IFDIR:
      return 'a directory';
    case constants.S_IFLNK:
      return 'a symbolic link';
    case constants.S_IFREG:
      return 'a file';
    default:
      return 'not a regular file';
  }
}

export function notRegular(path: string, kind: string, what = 'file'): MinikubeadmError {
  return new MinikubeadmError('FILE_NOT_REGULAR', `${path} is ${kind}, not a regular ${what}: it was not read`, {
    hint: `remove or move ${path} away and put a regular file there (or let minikubeadm write one)`,
  });
}

/**
 * The bytes and mode of the regular file at `path` (symlinks followed), `undefined` when it does not
 * exist; FILE_NOT_REGULAR for anything else, FILE_TOO_LARGE beyond `maxBytes`.
 */
export async function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): Promise<RegularFile | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENXIO') throw notRegular(path, 'a socket');
    throw e;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw notRegular(path, fileKind(st.mode));
    if (st.size > maxBytes) throw tooLarge(path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(65536, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
    }
    return { bytes: Buffer.concat(chunks, total), mode: st.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, maxBytes: number): MinikubeadmError {
  return new MinikubeadmError('FILE_TOO_LARGE', `${path} is larger than ${maxBytes / (1024 * 1024)} MiB: it was not read`, {
    hint: `check that ${path} is the file you meant`,
  });
}
