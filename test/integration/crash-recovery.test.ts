/**
 * The states a killed `init` used to leave, each of which every later run refused (or failed on with
 * an internal error), through the real CLI: each re-run now completes the tree by itself.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitFiles } from '../../src/host/file-swap.js';
import { consistencyProblems, offlineInitArgs } from '../helpers/offline-init.js';

const run = (args: string[]) => execa('node', args, { reject: false, timeout: 120_000 });

async function fresh(): Promise<{ dir: string; args: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-crash-'));
  return { dir, args: await offlineInitArgs(dir) };
}

test.serial('a run killed between a key and its certificate is completed by the next run', async (t) => {
  const { dir, args } = await fresh();
  const first = await run([...args, '--skip-phases', 'preflight,certs/front-proxy-ca,certs/front-proxy-client,kubeconfig,etcd,control-plane,kubelet-start,wait-kubelet,upload-config,upload-certs,mark-master,bootstrap-token,kubelet-finalize,addons,show-join-command']);
  t.is(first.exitCode, 0, first.stderr);
  // The state a kill leaves after front-proxy-ca.key is in place and before front-proxy-ca.crt is:
  // the journal, the key renamed, the certificate still at its temporary name.
  const pki = join(dir, 'k', 'pki');
  const stop = (name: string): void => {
    if (name === 'rename front-proxy-ca.key') throw new Error('killed');
  };
  // A genuine front-proxy CA pair (ECDSA, as the config asks), from another tree.
  const other = await fresh();
  t.is((await run(other.args)).exitCode, 0);
  const { readFile } = await import('node:fs/promises');
  const key = await readFile(join(other.dir, 'k', 'pki', 'front-proxy-ca.key'));
  const crt = { stdout: await readFile(join(other.dir, 'k', 'pki', 'front-proxy-ca.crt')) };
  await t.throwsAsync(commitFiles({ id: 'front-proxy-ca', files: [{ path: join(pki, 'front-proxy-ca.key'), data: key, mode: 0o600 }, { path: join(pki, 'front-proxy-ca.crt'), data: crt.stdout, mode: 0o644 }] }, stop));
  t.true((await readdir(pki)).includes('front-proxy-ca.key'));
  t.false((await readdir(pki)).includes('front-proxy-ca.crt'));

  const again = await run(args);
  t.is(again.exitCode, 0, again.stderr);
  t.true(again.stdout.includes(`Finished writing ${join(pki, 'front-proxy-ca.key')} and ${join(pki, 'front-proxy-ca.crt')}, interrupted by an earlier run`), again.stdout);
  t.deepEqual(await consistencyProblems(dir), []);
});

test.serial('sa.key without sa.pub: the public key is written from it', async (t) => {
  const { dir, args } = await fresh();
  t.is((await run(args)).exitCode, 0);
  await rm(join(dir, 'k', 'pki', 'sa.pub'));
  const again = await run(args);
  t.is(again.exitCode, 0, again.stderr);
  t.regex(again.stdout, /Writing the missing "sa" public key/);
  t.deepEqual(await consistencyProblems(dir), []);
});

test.serial('temporary files of killed runs (some holding private keys) are removed by the next run', async (t) => {
  const { dir, args } = await fresh();
  t.is((await run(args)).exitCode, 0);
  const dead = 2147483646;
  const leftovers = [join(dir, 'k', 'pki', `.ca.key.${dead}.mk1a2b3c.tmp`), join(dir, 'k', `.admin.conf.${dead}.mk1a2b3d.tmp`), join(dir, 'k', 'pki', 'etcd', `.peer.key.${dead}.x9.tmp`), join(dir, 'kubelet', `.config.yaml.${dead}.y8.tmp`)];
  await mkdir(join(dir, 'kubelet'), { recursive: true });
  for (const f of leftovers) await writeFile(f, '-----BEGIN PRIVATE KEY-----\n');
  const again = await run(args);
  t.is(again.exitCode, 0, again.stderr);
  for (const f of leftovers) t.true(again.stdout.includes(`Removed ${f}, a temporary file left by an interrupted run`), again.stdout);
  t.deepEqual(await consistencyProblems(dir), []);
});
