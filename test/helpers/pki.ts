/**
 * Helpers for PKI tests: a snapshot of a directory tree (bytes, mode, mtime) to prove a run changed
 * nothing, and a copy of a prepared tree so each case tampers with its own.
 */
import { cp, mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface FileState {
  bytes: Buffer;
  mode: number;
  mtimeMs: number;
}

/** Every file under `dir` (relative path → bytes, mode, mtime). */
export async function snapshot(dir: string): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else {
        const s = await stat(p);
        out.set(relative(dir, p), { bytes: await readFile(p), mode: s.mode & 0o7777, mtimeMs: s.mtimeMs });
      }
    }
  };
  await walk(dir);
  return out;
}

/** A fresh copy of `dir` (modes and timestamps kept). */
export async function copyTree(dir: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'mka-pki-copy-'));
  await cp(dir, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}
