/**
 * The journaled swap of a certificate/key pair, stopped after every step as a crash would stop it:
 * the next finishSwap always leaves the old pair or the new one, never one of each, and the backup
 * holds the old files from the moment anything can be replaced.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import test from 'ava';
import { acquireLock, commitFiles, finishSwap, journalPath, swapFiles } from '../../../src/host/file-swap.js';

const CRASH = new Error('crash');

async function pair(t: { teardown: (f: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'mka-swap-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const key = join(dir, 'pki', 'apiserver.key');
  const cert = join(dir, 'pki', 'apiserver.crt');
  await mkdir(join(dir, 'pki'));
  await writeFile(key, 'old key');
  await writeFile(cert, 'old cert');
  const group = { id: 'apiserver', files: [{ path: key, data: 'new key', mode: 0o600 }, { path: cert, data: 'new cert', mode: 0o644 }] };
  const backupDir = join(dir, 'backup');
  const options = { backupDir, backupName: (p: string) => basename(p) };
  const state = async () => `${await readFile(key, 'utf8')} + ${await readFile(cert, 'utf8')}`;
  return { dir, key, cert, group, options, backupDir, state };
}

const STEPS = ['backup', 'temp apiserver.key', 'temp apiserver.crt', 'journal', 'rename apiserver.key', 'rename apiserver.crt', 'done'];

for (const stop of STEPS) {
  test(`a crash after "${stop}" leaves the old pair or the new one once finished`, async (t) => {
    const p = await pair(t);
    await t.throwsAsync(swapFiles(p.group, { ...p.options, step: (s) => { if (s === stop) throw CRASH; } }), { is: CRASH });
    const result = await finishSwap(join(p.dir, 'pki'), 'apiserver', [p.key, p.cert]);
    const after = await p.state();
    const journaled = STEPS.indexOf(stop) >= STEPS.indexOf('journal');
    t.is(after, journaled ? 'new key + new cert' : 'old key + old cert');
    if (journaled && stop !== 'done') t.is(result.state, 'finished');
    t.deepEqual((await readdir(join(p.dir, 'pki'))).sort(), ['apiserver.crt', 'apiserver.key'], 'no temporary or journal is left');
    t.is(await readFile(join(p.backupDir, 'apiserver.key'), 'utf8'), 'old key', 'the old files are in the backup');
    t.is(await readFile(join(p.backupDir, 'apiserver.crt'), 'utf8'), 'old cert');
  });
}

test('the next swap finishes an interrupted one first, and the modes are the ones asked for', async (t) => {
  const p = await pair(t);
  await t.throwsAsync(swapFiles(p.group, { ...p.options, step: (s) => { if (s === 'rename apiserver.key') throw CRASH; } }));
  t.is(await p.state(), 'new key + old cert', 'half swapped right after the crash');
  t.true(await readFile(journalPath(join(p.dir, 'pki'), 'apiserver')).then(() => true));
  const third = { id: 'apiserver', files: [{ path: p.key, data: 'third key', mode: 0o600 }, { path: p.cert, data: 'third cert', mode: 0o644 }] };
  await swapFiles(third, { ...p.options, backupDir: join(p.dir, 'backup2') });
  t.is(await p.state(), 'third key + third cert');
  t.is(await readFile(join(p.dir, 'backup2', 'apiserver.crt'), 'utf8'), 'new cert', 'what was replaced second is the finished pair');
  t.is((await stat(p.key)).mode & 0o777, 0o600);
  t.is((await stat(p.cert)).mode & 0o777, 0o644);
});

test('a clean group is left alone', async (t) => {
  const p = await pair(t);
  t.deepEqual(await finishSwap(join(p.dir, 'pki'), 'apiserver', [p.key, p.cert]), { state: 'clean' });
  t.is(await p.state(), 'old key + old cert');
});

test('one run at a time; a lock left by a killed run is taken over', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-lock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const lock = join(dir, '.renew.lock');
  await writeFile(lock, '1\n'); // pid 1 is alive
  await t.throwsAsync(acquireLock(lock, 'renewal'), { code: 'LOCKED', message: /another renewal is running \(pid 1/ });
  await writeFile(lock, '2147483646\n'); // no such process
  const release = await acquireLock(lock, 'renewal');
  t.is((await readFile(lock, 'utf8')).trim(), String(process.pid));
  await release();
  await t.throwsAsync(readFile(lock));
});

// commitFiles: init's write of a new pair. A crash after any step leaves no file of the pair, or a
// journal from which finishSwap writes both: never a key without its certificate.
const NEW_STEPS = ['temp ca.key', 'temp ca.crt', 'journal', 'rename ca.key', 'rename ca.crt', 'done'];
for (const [i, crashAfter] of NEW_STEPS.entries()) {
  test(`a new pair interrupted after "${crashAfter}" is none or both after finishSwap`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'mka-commit-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const key = join(dir, 'ca.key');
    const cert = join(dir, 'ca.crt');
    const group = { id: 'ca', files: [{ path: key, data: 'key', mode: 0o600 }, { path: cert, data: 'cert', mode: 0o644 }] };
    const stop = (name: string): void => {
      if (name === crashAfter) throw CRASH;
    };
    await t.throwsAsync(commitFiles(group, stop), { is: CRASH });
    const r = await finishSwap(dir, 'ca', [key, cert]);
    const present = (await readdir(dir)).sort();
    if (i < NEW_STEPS.indexOf('journal')) {
      t.is(r.state, 'discarded');
      t.deepEqual(present, []);
    } else {
      t.deepEqual(present, ['ca.crt', 'ca.key'], 'both files, nothing else');
      t.is(await readFile(key, 'utf8'), 'key');
      t.is(await readFile(cert, 'utf8'), 'cert');
      t.is((await stat(key)).mode & 0o777, 0o600);
    }
  });
}

test('a lock is never seen half-written: two runs racing for it, one wins', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-lock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const lock = join(dir, '.minikubeadm.lock');
  const results = await Promise.allSettled([acquireLock(lock, 'init'), acquireLock(lock, 'init')]);
  // Same process: the second sees its own pid and takes over; what matters is the file is whole.
  t.true(results.some((r) => r.status === 'fulfilled'));
  t.is((await readFile(lock, 'utf8')).trim(), String(process.pid));
  t.deepEqual((await readdir(dir)).filter((n) => n !== '.minikubeadm.lock'), [], 'no temporary left');
});
