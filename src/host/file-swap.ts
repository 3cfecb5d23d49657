/**
 * Replacing a group of files that only make sense together (a certificate and its key), so that an
 * interruption at any moment (SIGKILL, power loss) leaves the old group or, once the next run has
 * finished the job, the new one: never a certificate with another pair's key.
 *
 * 1. the old files are copied into the backup directory (and synced);
 * 2. the new contents are written to temporary names next to the targets (and synced);
 * 3. a journal naming the temporaries is written (atomically) next to them: from here the swap
 *    goes forward;
 * 4. each temporary is renamed over its target;
 * 5. the journal is removed.
 *
 * `finishSwap` runs first on every later replacement (and on its own): with a journal it renames the
 * temporaries still there (finishing step 4); without one it deletes temporaries left by an
 * interrupted step 2. Every file of a group lives in one directory, so each rename is atomic.
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MinikubeadmError, messageOf } from '../errors.js';
import { processAlive } from './sweep.js';

const isNotFound = (e: unknown): boolean => (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export interface NewFile {
  path: string;
  data: string | Buffer;
  mode: number;
}

export interface SwapGroup {
  /** Names the journal: `.<id>.swap` in the group's directory. */
  id: string;
  /** The files, in the order they are renamed into place (all in one directory). */
  files: readonly NewFile[];
}

export interface SwapOptions {
  /** Where the old files are copied before anything is replaced; `backupName` gives each one's path inside it. */
  backupDir: string;
  backupName: (path: string) => string;
  /** Called after each step; tests throw from it to stop the swap there, as a crash would. */
  step?: (name: string) => void;
}

interface Journal {
  files: { tmp: string; path: string }[];
  backupDir: string;
}

const tmpName = (path: string): string => join(dirname(path), `.${basename(path)}.swap-new`);
export const journalPath = (dir: string, id: string): string => join(dir, `.${id}.swap`);

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeSynced(path: string, data: string | Buffer, mode: number): Promise<void> {
  await rm(path, { force: true });
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    (e) => (isNotFound(e) ? false : Promise.reject(e)),
  );

function dirOf(group: SwapGroup): string {
  const dirs = new Set(group.files.map((f) => dirname(f.path)));
  if (dirs.size !== 1) throw new Error(`the files of swap group ${group.id} are not in one directory`);
  return [...dirs][0]!;
}

export type FinishResult = { state: 'clean' } | { state: 'finished'; backupDir: string } | { state: 'discarded' };

/**
 * Bring a group interrupted by a crash to a consistent state: forward when its journal exists, else
 * drop its leftover temporaries. `paths` are the group's target files.
 */
export async function finishSwap(dir: string, id: string, paths: readonly string[]): Promise<FinishResult> {
  const journalFile = journalPath(dir, id);
  let text: string | undefined;
  try {
    text = await readFile(journalFile, 'utf8');
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  if (text === undefined) {
    const left = (await Promise.all(paths.map(async (p) => ((await exists(tmpName(p))) ? tmpName(p) : undefined)))).filter((p): p is string => p !== undefined);
    await rm(`${journalFile}.new`, { force: true });
    if (left.length === 0) return { state: 'clean' };
    for (const tmp of left) await rm(tmp, { force: true });
    await syncDir(dir);
    return { state: 'discarded' };
  }
  let journal: Journal;
  try {
    journal = JSON.parse(text) as Journal;
  } catch (e) {
    throw new MinikubeadmError('FILE_CONFLICT', `the journal ${journalFile} of an interrupted replacement cannot be read: ${messageOf(e)}`, {
      hint: `check the files it covers (${paths.join(', ')}) against their backup, then remove ${journalFile}`,
    });
  }
  for (const f of journal.files) {
    if (await exists(f.tmp)) await rename(f.tmp, f.path);
  }
  await syncDir(dir);
  await rm(journalFile, { force: true });
  await syncDir(dir);
  return { state: 'finished', backupDir: journal.backupDir };
}

/** Replace the group's files as described above. Existing files are backed up first. */
export async function swapFiles(group: SwapGroup, options: SwapOptions): Promise<void> {
  const dir = dirOf(group);
  const step = options.step ?? (() => undefined);
  await finishSwap(dir, group.id, group.files.map((f) => f.path));

  for (const f of group.files) {
    if (!(await exists(f.path))) continue;
    const target = join(options.backupDir, options.backupName(f.path));
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await copyFile(f.path, target, constants.COPYFILE_EXCL);
    const handle = await open(target, 'r');
    await handle.sync().finally(() => handle.close());
    await syncDir(dirname(target));
  }
  step('backup');
  await commit(group, dir, options.backupDir, step);
}

/**
 * Write a group of new files as a unit, without backups (steps 2 to 5 above): `init` writing a
 * certificate and its key. A run killed at any moment leaves neither file, or a journal from which
 * the next run's `finishSwap` completes both: never a key without its certificate.
 */
export async function commitFiles(group: SwapGroup, step: (name: string) => void = () => undefined): Promise<void> {
  const dir = dirOf(group);
  await finishSwap(dir, group.id, group.files.map((f) => f.path));
  await commit(group, dir, '', step);
}

async function commit(group: SwapGroup, dir: string, backupDir: string, step: (name: string) => void): Promise<void> {
  for (const f of group.files) {
    await writeSynced(tmpName(f.path), f.data, f.mode);
    step(`temp ${basename(f.path)}`);
  }
  await syncDir(dir);

  const journal: Journal = { files: group.files.map((f) => ({ tmp: tmpName(f.path), path: f.path })), backupDir };
  const journalFile = journalPath(dir, group.id);
  await writeSynced(`${journalFile}.new`, `${JSON.stringify(journal)}\n`, 0o600);
  await rename(`${journalFile}.new`, journalFile);
  await syncDir(dir);
  step('journal');

  for (const f of journal.files) {
    await rename(f.tmp, f.path);
    step(`rename ${basename(f.path)}`);
  }
  await syncDir(dir);
  await rm(journalFile, { force: true });
  await syncDir(dir);
  step('done');
}

/**
 * One run at a time: `path` holds the pid of the run that owns the lock. The pid is written to a
 * temporary file first and linked into place (link fails when the lock exists), so a lock is never
 * seen half-written. A lock whose process is gone (a killed run) is taken over. Returns the release
 * function.
 */
export async function acquireLock(path: string, what: string): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  const mine = `${path}.${process.pid}.new`;
  await writeSynced(mine, `${process.pid}\n`, 0o600);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, path);
        return () => rm(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new MinikubeadmError('LOCKED', `another ${what} is running (pid ${pid}, lock ${path})`, {
          hint: `wait for process ${pid} to finish; if no such process is running, remove ${path}`,
        });
      }
      await rm(path, { force: true });
    }
  } finally {
    await rm(mine, { force: true });
  }
  throw new MinikubeadmError('LOCKED', `cannot take the lock ${path} for ${what}`, { hint: `remove ${path} if no other ${what} is running` });
}

