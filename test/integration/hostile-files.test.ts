/**
 * Files that are not what they seem, through the real CLI: a FIFO or device where a key,
 * certificate, kubeconfig or config is expected is refused at once with its path (the run used to
 * hang), and a key or kubeconfig readable by others, or a certificate directory others can write
 * to, is reported with the chmod that fixes it, or fixed with --fix-permissions (never in dry-run).
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
  t.true(out.includes(`${caKey} is readable by group or others (mode 0644) although it holds a private key: run "chmod 600 ${caKey}", or pass --fix-permissions`), out);
  t.true(out.includes(`${admin} is readable by group or others (mode 0640) although it holds a private key: run "chmod 600 ${admin}", or pass --fix-permissions`), out);
  t.is((await stat(caKey)).mode & 0o777, 0o644);
  const quiet = await run(args);
  t.notRegex(`${quiet.stdout}${quiet.stderr}`, /readable by group or others.*apiserver\.key/);
});

const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o7777;

test.serial('with --fix-permissions a key and a kubeconfig readable by others become 0600, and the output says so', async (t) => {
  const { dir, args } = await initialised();
  const caKey = join(dir, 'k', 'pki', 'ca.key');
  const admin = join(dir, 'k', 'admin.conf');
  await chmod(caKey, 0o644);
  await chmod(admin, 0o640);
  const r = await run([...args, '--fix-permissions']);
  t.is(r.exitCode, 0, r.stderr);
  t.is(await modeOf(caKey), 0o600);
  t.is(await modeOf(admin), 0o600);
  t.regex(r.stdout, new RegExp(`^\\[certs\\] Made ${caKey} readable only by its owner \\(mode 0644 → 0600\\)$`, 'm'));
  t.regex(r.stdout, new RegExp(`^\\[kubeconfig\\] Made ${admin} readable only by its owner \\(mode 0640 → 0600\\)$`, 'm'));
  t.notRegex(r.stdout, /readable by group or others/);
  const again = await run([...args, '--fix-permissions']);
  t.notRegex(again.stdout, /Made .* only by its owner/, 'nothing left to fix');
});

test.serial('a certificate directory others can write to is reported, left alone by --dry-run, and fixed to 0755 with --fix-permissions', async (t) => {
  const { dir, args } = await initialised();
  const pki = join(dir, 'k', 'pki');
  const etcd = join(pki, 'etcd');
  const caKey = join(pki, 'ca.key');
  await chmod(pki, 0o777);
  await chmod(etcd, 0o777);
  await chmod(caKey, 0o644);

  const reported = await run(args);
  t.is(reported.exitCode, 0, reported.stderr);
  for (const d of [pki, etcd]) {
    t.true(reported.stdout.includes(`[certs] WARNING: ${d} is writable by others (mode 0777): anyone on the node could replace the keys and certificates in it: run "chmod 755 ${d}", or pass --fix-permissions`), reported.stdout);
    t.is(reported.stdout.split(`WARNING: ${d} is writable`).length, 2, `${d} reported once, not by every sub-phase`);
    t.is(await modeOf(d), 0o777);
  }

  const dry = await run([...args, '--dry-run', '--fix-permissions']);
  t.is(dry.exitCode, 0, dry.stderr);
  t.true(dry.stdout.includes(`Would make ${pki} writable only by its owner (mode 0777 → 0755)`), dry.stdout);
  t.true(dry.stdout.includes(`Would make ${caKey} readable only by its owner (mode 0644 → 0600)`), dry.stdout);
  t.is(await modeOf(pki), 0o777);
  t.is(await modeOf(etcd), 0o777);
  t.is(await modeOf(caKey), 0o644);

  const fixed = await run([...args, '--fix-permissions']);
  t.is(fixed.exitCode, 0, fixed.stderr);
  for (const d of [pki, etcd]) {
    t.true(fixed.stdout.includes(`[certs] Made ${d} writable only by its owner (mode 0777 → 0755)`), fixed.stdout);
    t.is(await modeOf(d), 0o755);
  }
  t.is(await modeOf(caKey), 0o600);
  t.notRegex(fixed.stdout, /WARNING: .* writable by/);
});

test.serial('certs renew reports an exposed CA key and an open certificate directory, and fixes them with --fix-permissions', async (t) => {
  const { dir } = await initialised();
  const k = join(dir, 'k');
  const pki = join(k, 'pki');
  const caKey = join(pki, 'ca.key');
  await chmod(caKey, 0o644);
  await chmod(pki, 0o777);
  const renew = ['certs', 'renew', 'apiserver', '--config', join(dir, 'cluster.yaml'), '--kubernetes-dir', k];
  const dry = await run([CLI, ...renew, '--dry-run', '--fix-permissions']);
  t.is(dry.exitCode, 0, dry.stderr);
  t.true(dry.stdout.includes(`[renew] Would make ${caKey} readable only by its owner (mode 0644 → 0600)`), dry.stdout);
  t.is(await modeOf(caKey), 0o644);
  const reported = await run([CLI, ...renew]);
  t.is(reported.exitCode, 0, reported.stderr);
  t.true(reported.stdout.includes(`[renew] WARNING: ${caKey} is readable by group or others (mode 0644) although it holds a private key: run "chmod 600 ${caKey}", or pass --fix-permissions`), reported.stdout);
  t.true(reported.stdout.includes(`[renew] WARNING: ${pki} is writable by others (mode 0777)`), reported.stdout);
  t.is(await modeOf(caKey), 0o644);
  const fixed = await run([CLI, ...renew, '--fix-permissions']);
  t.is(fixed.exitCode, 0, fixed.stderr);
  t.true(fixed.stdout.includes(`[renew] Made ${caKey} readable only by its owner (mode 0644 → 0600)`), fixed.stdout);
  t.true(fixed.stdout.includes(`[renew] Made ${pki} writable only by its owner (mode 0777 → 0755)`), fixed.stdout);
  t.is(await modeOf(caKey), 0o600);
  t.is(await modeOf(pki), 0o755);
  t.is(await modeOf(join(pki, 'apiserver.key')), 0o600, 'the renewed key');
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

test.serial('a directory of the tree linked out of it is never written through; a link inside the tree is followed', async (t) => {
  const { readdir, rename } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'mka-hostile-'));
  const args = await offlineInitArgs(dir);
  const outside = join(dir, 'outside');
  await mkdir(outside);
  await mkdir(join(dir, 'k', 'pki'), { recursive: true });
  await symlink(outside, join(dir, 'k', 'pki', 'etcd'));
  const r = await run(args);
  t.is(r.exitCode, 1, r.stderr);
  t.true(r.stderr.includes(`${join(dir, 'k', 'pki', 'etcd')} is a symbolic link that leads out of ${join(dir, 'k')} (to ${outside}): nothing is written through it`), r.stderr);
  t.regex(r.stderr, /To fix: replace the link with a directory/);
  t.deepEqual(await readdir(outside), [], 'nothing written outside the tree');
  t.deepEqual(await readdir(join(dir, 'k', 'pki')), ['etcd'], 'nothing written at all: the link is found before the first write');

  // The same link to a directory inside the tree is the operator's layout: followed.
  await rm(join(dir, 'k', 'pki', 'etcd'));
  await rename(outside, join(dir, 'k', 'etcd-pki'));
  await symlink(join(dir, 'k', 'etcd-pki'), join(dir, 'k', 'pki', 'etcd'));
  const inside = await run(args);
  t.is(inside.exitCode, 0, inside.stderr);
  t.true((await readdir(join(dir, 'k', 'etcd-pki'))).includes('ca.key'));
});
