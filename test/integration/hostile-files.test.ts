/**
 * Files that are not what they seem, through the real CLI: a FIFO or device where a key,
 * certificate, kubeconfig or config is expected is refused at once with its path (the run used to
 * hang), and a key or kubeconfig readable by others is reported with the chmod that fixes it.
 */
import test from 'ava';
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { offlineInitArgs } from '../helpers/offline-init.js';

const run = (args: string[]) => execa('node', args, { reject: false, timeout: 120_000 });

async function initialised(): Promise<{ dir: string; args: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-hostile-'));
  const args = await offlineInitArgs(dir);
  const first = await run(args);
  if (first.exitCode !== 0) throw new Error(first.stderr);
  return { dir, args };
}

const special = test.macro({
  async exec(t, file: string, make: (path: string) => Promise<void>, kind: string) {
    const { dir, args } = await initialised();
    const path = join(dir, 'k', file);
    await rm(path);
    await make(path);
    const started = Date.now();
    const r = await run(args);
    t.is(r.exitCode, 1, r.stderr);
    t.true(r.stderr.includes(`${path} is ${kind}, not a regular file`), r.stderr);
    t.notRegex(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'stack trace printed');
    t.true(Date.now() - started < 60_000, 'it must not block');
  },
  title: (_p, file: string, _make, kind: string) => `${kind} at ${file} is refused with its path, unread`,
});

const fifo = async (p: string): Promise<void> => void execFileSync('mkfifo', [p]);
const zero = async (p: string): Promise<void> => symlink('/dev/zero', p);

test.serial(special, 'pki/ca.key', fifo, 'a FIFO (named pipe)');
test.serial(special, 'pki/ca.crt', zero, 'a character device');
test.serial(special, 'pki/apiserver.key', fifo, 'a FIFO (named pipe)');
test.serial(special, 'pki/sa.key', zero, 'a character device');
test.serial(special, 'admin.conf', fifo, 'a FIFO (named pipe)');
test.serial(special, 'pki/etcd/ca.crt', async (p) => void (await mkdir(p)), 'a directory');

test.serial('a FIFO given as --config is refused at once', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-hostile-'));
  const fifoPath = join(dir, 'cluster.yaml');
  execFileSync('mkfifo', [fifoPath]);
  const r = await run([CLI, 'init', '--config', fifoPath, '--kubernetes-dir', join(dir, 'k'), '--dry-run']);
  t.is(r.exitCode, 1);
  t.true(r.stderr.includes(`${fifoPath} is a FIFO (named pipe), not a regular file`), r.stderr);
});

test.serial('a key and a kubeconfig readable by others are reported with a chmod hint and left as they are', async (t) => {
  const { dir, args } = await initialised();
  const caKey = join(dir, 'k', 'pki', 'ca.key');
  const admin = join(dir, 'k', 'admin.conf');
  await chmod(caKey, 0o644);
  await chmod(admin, 0o640);
  const r = await run(args);
  t.is(r.exitCode, 0, r.stderr);
  const out = `${r.stdout}\n${r.stderr}`;
  t.true(out.includes(`${caKey} is readable by group or others (mode 0644) although it holds a private key: run "chmod 600 ${caKey}"`), out);
  t.true(out.includes(`${admin} is readable by group or others (mode 0640) although it holds a private key: run "chmod 600 ${admin}"`), out);
  t.is((await stat(caKey)).mode & 0o777, 0o644);
  const quiet = await run(args);
  t.notRegex(`${quiet.stdout}${quiet.stderr}`, /readable by group or others.*apiserver\.key/);
});

test.serial('a symlink planted where a file is written is replaced, never written through', async (t) => {
  const { lstat, readlink, access } = await import('node:fs/promises');
  const { dir, args } = await initialised();
  const outside = join(dir, 'outside-admin.conf');
  const admin = join(dir, 'k', 'admin.conf');
  await rm(admin);
  await symlink(outside, admin); // dangling: it leads out of the tree
  const r = await run(args);
  t.is(r.exitCode, 0, r.stderr);
  t.true((await lstat(admin)).isFile(), 'admin.conf is a regular file again');
  await t.throwsAsync(access(outside), { code: 'ENOENT' }, 'nothing was written outside the tree');
  await t.throwsAsync(readlink(admin));
});
