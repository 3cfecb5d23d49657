import test from 'ava';
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fs } from '../../../src/host/fs.js';
import { memoryLogger } from '../../../src/log.js';
import { certificateDirectories, directoryFix, octal, secretFileFix, secureDirectories, secureSecretFile } from '../../../src/pki/modes.js';

const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o7777;

async function tree(t: import('ava').ExecutionContext): Promise<{ dir: string; key: string; pki: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-modes-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const pki = join(dir, 'pki');
  await mkdir(join(pki, 'etcd'), { recursive: true });
  const key = join(pki, 'ca.key');
  await writeFile(key, 'key');
  await chmod(key, 0o644);
  await chmod(pki, 0o777);
  await chmod(join(pki, 'etcd'), 0o775);
  return { dir, key, pki };
}

test('a secret file readable by group or others is to become 0600; an owner-only one is fine', (t) => {
  for (const [mode, fixed] of [[0o644, 0o600], [0o640, 0o600], [0o604, 0o600], [0o600, undefined], [0o400, undefined]] as const) t.is(secretFileFix(mode), fixed, octal(mode));
});

test('a directory loses the group and others write bits only, keeping the rest', (t) => {
  for (const [mode, fixed] of [[0o777, 0o755], [0o770, 0o750], [0o1777, 0o1755], [0o755, undefined], [0o700, undefined]] as const) t.is(directoryFix(mode), fixed, octal(mode));
  t.is(octal(0o600), '0600');
});

test('the certificate directories are the directory and its etcd subdirectory', (t) => {
  t.deepEqual(certificateDirectories('/k/pki'), ['/k/pki', '/k/pki/etcd']);
});

test('without fix: reported with the chmod and the flag, left as they are', async (t) => {
  const { key, pki } = await tree(t);
  const { log, out } = memoryLogger();
  const m = { fs: new Fs(), log: log.withPrefix('certs'), fix: false };
  await secureSecretFile(m, key);
  await secureDirectories(m, certificateDirectories(pki));
  t.true(out().includes(`[certs] WARNING: ${key} is readable by group or others (mode 0644) although it holds a private key: run "chmod 600 ${key}", or pass --fix-permissions`), out());
  t.true(out().includes(`[certs] WARNING: ${pki} is writable by others (mode 0777): anyone on the node could replace the keys and certificates in it: run "chmod 755 ${pki}", or pass --fix-permissions`), out());
  t.true(out().includes(`${join(pki, 'etcd')} is writable by its group (mode 0775): any member of its group could replace`), out());
  t.is(await modeOf(key), 0o644);
  t.is(await modeOf(pki), 0o777);
});

test('with fix: made owner-only, said once', async (t) => {
  const { key, pki } = await tree(t);
  const { log, out } = memoryLogger();
  const m = { fs: new Fs(), log: log.withPrefix('certs'), fix: true };
  await secureSecretFile(m, key);
  await secureDirectories(m, certificateDirectories(pki));
  await secureDirectories(m, certificateDirectories(pki));
  t.is(await modeOf(key), 0o600);
  t.is(await modeOf(pki), 0o755);
  t.is(await modeOf(join(pki, 'etcd')), 0o755);
  t.true(out().includes(`[certs] Made ${key} readable only by its owner (mode 0644 → 0600)`), out());
  t.true(out().includes(`[certs] Made ${pki} writable only by its owner (mode 0777 → 0755)`), out());
  t.is(out().split(`Made ${pki} `).length, 2, 'said once');
  t.notRegex(out(), /WARNING/);
});

test('with fix in dry-run: what would be done is said, nothing changes', async (t) => {
  const { key, pki } = await tree(t);
  const { log, out } = memoryLogger();
  const m = { fs: new Fs({ dryRun: true }), log, fix: true };
  await secureSecretFile(m, key);
  await secureDirectories(m, [pki]);
  t.true(out().includes(`Would make ${key} readable only by its owner (mode 0644 → 0600)`), out());
  t.true(out().includes(`Would make ${pki} writable only by its owner (mode 0777 → 0755)`), out());
  t.is(await modeOf(key), 0o644);
  t.is(await modeOf(pki), 0o777);
});

test('with fix, a symbolic link is not followed: its target is named for the operator', async (t) => {
  const { dir, key } = await tree(t);
  const link = join(dir, 'link.key');
  await symlink(key, link);
  const { log, out } = memoryLogger();
  await secureSecretFile({ fs: new Fs(), log, fix: true }, link);
  t.is(await modeOf(key), 0o644);
  t.true(out().includes(`${link} is a symbolic link, so it was left as it is: run "chmod 600 ${key}"`), out());
});

test('absent files and directories are fine', async (t) => {
  const { dir } = await tree(t);
  const { log, out } = memoryLogger();
  const m = { fs: new Fs(), log, fix: true };
  await secureSecretFile(m, join(dir, 'none.key'));
  await secureDirectories(m, [join(dir, 'none')]);
  t.is(out(), '');
});

test('with fix, a mode that cannot be changed (not the owner) is reported and the run goes on', async (t) => {
  const { key } = await tree(t);
  class Refusing extends Fs {
    override async chmod(): Promise<void> {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    }
  }
  const { log, out } = memoryLogger();
  await secureSecretFile({ fs: new Refusing(), log, fix: true }, key);
  t.true(out().includes(`WARNING: ${key} is readable by group or others (mode 0644) although it holds a private key, and it could not be changed (EPERM): run "chmod 600 ${key}" as its owner`), out());
  t.is(await modeOf(key), 0o644);
});
