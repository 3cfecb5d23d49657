/**
 * All file writes go through here: atomic (temp file + rename), explicit modes, no rewrite when the
 * bytes are already there (so re-running a phase changes nothing), and a dry-run overlay that keeps
 * what would have been written in memory so later phases can read it while the disk stays untouched.
 * Under the directories a run owns (its `roots`: --kubernetes-dir, --kubelet-dir…), a symbolic link
 * below a root that leads out of it is never written through.
 */
import { chmod, lstat, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { MinikubeadmError } from '../errors.js';
import type { Logger } from '../log.js';
import { commitFiles, finishSwap } from './file-swap.js';
import { readRegularFile } from '../read-file.js';

/** `path` is `root` or lies below it. */
const within = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

let temps = 0;
/** Unique within this process (pid is in the name too); no node:crypto, which costs start-up time. */
const tempSuffix = (): string => `${Date.now().toString(36)}${(temps++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export interface WriteOptions {
  mode: number;
  /** Contents are secret (private keys, kubeconfigs with keys): never shown in dry-run output. */
  secret?: boolean;
  /** Mode of any parent directory created on the way. */
  dirMode?: number;
}

export interface GroupFile extends WriteOptions {
  path: string;
  data: string | Buffer;
}

export interface WrittenFile {
  path: string;
  mode: number;
  bytes: number;
  secret: boolean;
  changed: boolean;
}

export type WriteResult = 'created' | 'updated' | 'unchanged';

export class Fs {
  readonly dryRun: boolean;
  private readonly overlay = new Map<string, Buffer>();
  private readonly log: Logger | undefined;
  private readonly record: WrittenFile[] = [];
  private readonly roots: readonly string[];

  constructor(options: { dryRun?: boolean; log?: Logger; roots?: readonly string[] } = {}) {
    this.dryRun = options.dryRun ?? false;
    this.log = options.log;
    this.roots = options.roots ?? [];
  }

  /** Check, before anything is written, that none of `dirs` is reached through a link out of its root. */
  async checkConfinedDirs(dirs: readonly string[]): Promise<void> {
    for (const dir of dirs) await this.checkConfined(dir);
  }

  /**
   * Refuse to write into `dir` when a directory between the outermost root holding it and `dir` is
   * a symbolic link leading out of that root (the root itself may be a link: its target is the tree).
   */
  private async checkConfined(dir: string): Promise<void> {
    const root = this.roots.filter((r) => within(dir, r)).sort((a, b) => a.length - b.length)[0];
    if (root === undefined || dir === root) return;
    const realRoot = await realpath(root).catch(() => undefined);
    if (realRoot === undefined) return;
    const parts = dir.slice(root.length).split(sep).filter(Boolean);
    let at = root;
    for (const part of parts) {
      at = join(at, part);
      let link: boolean;
      try {
        link = (await lstat(at)).isSymbolicLink();
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (!link) continue;
      const target = await realpath(at).catch(() => undefined);
      if (target === undefined || !within(target, realRoot)) {
        throw new MinikubeadmError('FILE_NOT_REGULAR', `${at} is a symbolic link that leads out of ${root}${target === undefined ? ' (to nothing)' : ` (to ${target})`}: nothing is written through it`, {
          hint: `replace the link with a directory, or, to keep those files at ${target ?? 'its target'}, point the configuration there (e.g. ClusterConfiguration.certificatesDir) instead of linking`,
        });
      }
    }
  }

  /**
   * File contents, or `undefined` when it does not exist. Anything but a regular file (FIFO, device,
   * socket, directory) is refused unread, naming the path.
   */
  async read(path: string): Promise<Buffer | undefined> {
    const staged = this.overlay.get(path);
    if (staged) return staged;
    return (await readRegularFile(path))?.bytes;
  }

  async readText(path: string): Promise<string | undefined> {
    return (await this.read(path))?.toString('utf8');
  }

  /** Permission bits of the file on disk (`undefined` when absent, or only staged in dry-run). */
  async mode(path: string): Promise<number | undefined> {
    return this.overlay.has(path) ? undefined : modeOf(path);
  }

  async exists(path: string): Promise<boolean> {
    if (this.overlay.has(path)) return true;
    try {
      await stat(path);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Write atomically unless the same bytes (and mode) are already there. */
  async write(path: string, data: string | Buffer, options: WriteOptions): Promise<WriteResult> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const current = await this.read(path);
    const sameBytes = current !== undefined && current.equals(bytes);
    if (sameBytes && (this.dryRun || (await modeOf(path)) === options.mode)) {
      this.record.push({ path, mode: options.mode, bytes: bytes.length, secret: !!options.secret, changed: false });
      return 'unchanged';
    }
    const result: WriteResult = current === undefined ? 'created' : 'updated';
    this.record.push({ path, mode: options.mode, bytes: bytes.length, secret: !!options.secret, changed: true });
    if (this.dryRun) {
      this.overlay.set(path, bytes);
      this.showDryRun(path, bytes, options);
      return result;
    }
    await this.checkConfined(dirname(path));
    await mkdir(dirname(path), { recursive: true, mode: options.dirMode ?? 0o755 });
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${tempSuffix()}.tmp`);
    const handle = await open(tmp, 'wx', options.mode);
    try {
      await handle.writeFile(bytes);
      await handle.chmod(options.mode);
      await handle.sync();
    } catch (e) {
      await handle.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await handle.close();
    try {
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return result;
  }

  /**
   * Write files that only make sense together (a key and its certificate) as a unit: through a
   * journal (file-swap's commitFiles), so a run killed at any moment leaves none of them or a journal
   * the next run's `recoverGroup` completes. `id` names the journal; all files share one directory.
   */
  async writeGroup(id: string, files: readonly GroupFile[]): Promise<void> {
    if (this.dryRun) {
      for (const f of files) await this.write(f.path, f.data, f);
      return;
    }
    const bytes = files.map((f) => (typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data));
    const current = await Promise.all(files.map((f) => this.read(f.path)));
    const modes = await Promise.all(files.map((f) => modeOf(f.path)));
    const same = files.every((f, i) => current[i] !== undefined && current[i]!.equals(bytes[i]!) && modes[i] === f.mode);
    files.forEach((f, i) => this.record.push({ path: f.path, mode: f.mode, bytes: bytes[i]!.length, secret: !!f.secret, changed: !same }));
    if (same) return;
    await this.checkConfined(dirname(files[0]!.path));
    await mkdir(dirname(files[0]!.path), { recursive: true, mode: files[0]!.dirMode ?? 0o755 });
    await commitFiles({ id, files: files.map((f, i) => ({ path: f.path, data: bytes[i]!, mode: f.mode })) });
  }

  /**
   * Bring group `id` (files `paths`, in directory `dir`) to a consistent state after a crash: finish
   * a commit whose journal exists, or drop its temporaries. Nothing in dry-run. Returns whether a
   * commit was finished.
   */
  async recoverGroup(dir: string, id: string, paths: readonly string[]): Promise<boolean> {
    if (this.dryRun) return false;
    return (await finishSwap(dir, id, paths)).state === 'finished';
  }

  /**
   * Create a directory (and parents) unless dry-run. Only a directory created here gets `mode`
   * (umask aside); an existing one keeps its mode, as Go's MkdirAll does.
   */
  async mkdir(path: string, mode = 0o755): Promise<void> {
    if (this.dryRun) return;
    await this.checkConfined(path);
    const created = await mkdir(path, { recursive: true, mode });
    if (created !== undefined) await chmod(path, mode).catch(() => undefined);
  }

  /** The path itself is a symbolic link (not followed). */
  async isSymlink(path: string): Promise<boolean> {
    try {
      return (await lstat(path)).isSymbolicLink();
    } catch {
      return false;
    }
  }

  /** Change the permission bits of an existing file or directory; nothing in dry-run (the caller says what it would do). */
  async chmod(path: string, mode: number): Promise<void> {
    if (this.dryRun) return;
    await chmod(path, mode);
  }

  /** Remove a file if it is there (dry-run: say so, and drop it from the overlay). */
  async remove(path: string): Promise<boolean> {
    const staged = this.overlay.delete(path);
    if (this.dryRun) {
      const there = staged || (await this.exists(path));
      if (there) this.log?.info(`Would remove file "${path}"`);
      return there;
    }
    if (!(await this.exists(path))) return false;
    await rm(path, { force: true });
    return true;
  }

  /** What was written (or would have been, in dry-run), in order. */
  written(): readonly WrittenFile[] {
    return this.record;
  }

  private showDryRun(path: string, bytes: Buffer, options: WriteOptions): void {
    if (!this.log) return;
    const mode = options.mode.toString(8).padStart(4, '0');
    this.log.info(`Would write file "${path}" (mode ${mode}, ${bytes.length} bytes)`);
    if (options.secret) {
      this.log.info('  (contents not shown: they contain a private key or secret)');
    } else if (this.log.verbosity >= 1) {
      this.log.print(bytes.toString('utf8'));
    }
  }
}

async function modeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

export function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'ENOENT';
}
