import test from 'ava';
import { chmod, mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fs } from '../../../src/host/fs.js';
import { memoryLogger } from '../../../src/log.js';

const tmp = () => mkdtemp(join(tmpdir(), 'mka-fs-'));

test('writes atomically with the requested mode and creates parents', async (t) => {
  const dir = await tmp();
  const fs = new Fs();
  const path = join(dir, 'a', 'b', 'key.pem');
  t.is(await fs.write(path, 'secret', { mode: 0o600, secret: true }), 'created');
  t.is(await readFile(path, 'utf8'), 'secret');
  t.is((await stat(path)).mode & 0o777, 0o600);
  t.deepEqual(await readdir(join(dir, 'a', 'b')), ['key.pem'], 'no temp file left behind');
});

test('an identical rewrite changes nothing, not even mtime', async (t) => {
  const dir = await tmp();
  const fs = new Fs();
  const path = join(dir, 'f');
  await fs.write(path, 'x', { mode: 0o644 });
  const before = await stat(path);
  t.is(await fs.write(path, 'x', { mode: 0o644 }), 'unchanged');
  t.is((await stat(path)).mtimeMs, before.mtimeMs);
  t.is(await fs.write(path, 'y', { mode: 0o644 }), 'updated');
  t.is(await fs.write(path, 'y', { mode: 0o600 }), 'updated', 'a mode change is a change');
  t.is((await stat(path)).mode & 0o777, 0o600);
});

test('dry-run keeps writes in memory, readable by later phases, and hides secrets', async (t) => {
  const dir = await tmp();
  const { log, out } = memoryLogger(1);
  const fs = new Fs({ dryRun: true, log: log.withPrefix('dryrun') });
  const key = join(dir, 'pki', 'ca.key');
  const manifest = join(dir, 'manifests', 'etcd.yaml');
  await fs.write(key, 'PRIVATE', { mode: 0o600, secret: true });
  await fs.write(manifest, 'kind: Pod\n', { mode: 0o600 });
  await fs.mkdir(join(dir, 'made'));
  t.deepEqual(await readdir(dir), [], 'nothing on disk');
  t.true(await fs.exists(key));
  t.is(await fs.readText(manifest), 'kind: Pod\n');
  t.notRegex(out(), /PRIVATE/);
  t.regex(out(), /\[dryrun\] Would write file ".*ca\.key" \(mode 0600/);
  t.regex(out(), /kind: Pod/);
  t.is(fs.written().length, 2);
});

test('reading a missing file gives undefined; other errors propagate', async (t) => {
  const dir = await tmp();
  const fs = new Fs();
  t.is(await fs.read(join(dir, 'missing')), undefined);
  t.false(await fs.exists(join(dir, 'missing')));
  await t.throwsAsync(fs.read(dir), { code: 'FILE_NOT_REGULAR', message: `${dir} is a directory, not a regular file: it was not read` });
});

test('mkdir sets the mode of a directory it creates and leaves an existing one alone', async (t) => {
  const dir = await tmp();
  const fs = new Fs();
  const made = join(dir, 'made');
  await fs.mkdir(made, 0o700);
  t.is((await stat(made)).mode & 0o777, 0o700);
  await chmod(made, 0o755);
  await fs.mkdir(made, 0o700);
  t.is((await stat(made)).mode & 0o777, 0o755, 'an existing directory keeps its mode');
});
