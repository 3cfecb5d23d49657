import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtemp, symlink, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile } from '../../src/read-file.js';
import { MinikubeadmError } from '../../src/errors.js';

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'mka-read-'));

test('a regular file is read with its mode; a missing one is undefined', async (t) => {
  const dir = await tmp();
  const file = join(dir, 'ca.key');
  await writeFile(file, 'secret');
  await chmod(file, 0o640);
  const read = await readRegularFile(file);
  t.is(read!.bytes.toString(), 'secret');
  t.is(read!.mode, 0o640);
  t.is(await readRegularFile(join(dir, 'missing')), undefined);
});

test('a symlink to a regular file is followed', async (t) => {
  const dir = await tmp();
  await writeFile(join(dir, 'real'), 'x');
  await symlink(join(dir, 'real'), join(dir, 'link'));
  t.is((await readRegularFile(join(dir, 'link')))!.bytes.toString(), 'x');
});

const refused = test.macro({
  async exec(t, make: (dir: string) => Promise<string>, kind: string) {
    const dir = await tmp();
    const path = await make(dir);
    const started = Date.now();
    const err = await t.throwsAsync(readRegularFile(path), { instanceOf: MinikubeadmError });
    t.is(err!.code, 'FILE_NOT_REGULAR');
    t.is(err!.message, `${path} is ${kind}, not a regular file: it was not read`);
    t.true(Date.now() - started < 1000, 'took too long: it must not block');
  },
  title: (_p, _make, kind: string) => `${kind} is refused unread, naming the path`,
});

test(refused, async (dir) => {
  const p = join(dir, 'ca.key');
  execFileSync('mkfifo', [p]);
  return p;
}, 'a FIFO (named pipe)');
test(refused, async (dir) => {
  const p = join(dir, 'ca.crt');
  await symlink('/dev/zero', p);
  return p;
}, 'a character device');
test(refused, async (dir) => dir, 'a directory');
test(refused, async (dir) => {
  const p = join(dir, 'admin.conf');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(p, resolve));
  server.unref();
  return p;
}, 'a socket');

test('a file beyond the limit is refused', async (t) => {
  const dir = await tmp();
  const file = join(dir, 'big');
  await writeFile(file, Buffer.alloc(2048));
  const err = await t.throwsAsync(readRegularFile(file, 1024), { instanceOf: MinikubeadmError });
  t.is(err!.code, 'FILE_TOO_LARGE');
  t.is((await readRegularFile(file, 2048))!.bytes.length, 2048);
});
