/**
 * The offline half of `init` through the real CLI, as an operator runs it: every offline phase twice
 * changes no byte (nor mode, nor mtime); a tampered or mismatched file is reported by name and left as
 * it is; `--dry-run` writes nothing.
 */
import test from 'ava';
import { execa } from 'execa';
import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshot } from '../helpers/pki.js';
import { CLI } from '../helpers/cli.js';
import { ONLINE_PHASES } from '../helpers/offline-init.js';

const CONFIG = [
  'apiVersion: kubeadm.k8s.io/v1beta4',
  'kind: InitConfiguration',
  'localAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}',
  'nodeRegistration: {name: cp-1}',
  '---',
  'apiVersion: kubeadm.k8s.io/v1beta4',
  'kind: ClusterConfiguration',
  'controlPlaneEndpoint: cp.example.internal:6443',
  'apiServer: {certSANs: [cp.example.internal, 192.0.2.100]}',
  '',
].join('\n');

async function offlineInit(dir: string, ...extra: string[]) {
  const config = join(dir, 'cluster.yaml');
  await writeFile(config, CONFIG);
  return execa('node', [CLI, 'init', '--config', config, '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet'), '--skip-phases', ONLINE_PHASES, ...extra], { reject: false });
}

async function initialised(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-offline-'));
  const first = await offlineInit(dir);
  if (first.exitCode !== 0) throw new Error(`first init failed: ${first.stderr}`);
  return dir;
}

test('running every offline phase twice changes no byte, mode or mtime', async (t) => {
  const dir = await initialised();
  const before = await snapshot(join(dir, 'k'));
  t.true(before.size >= 30, `expected the full tree, got ${[...before.keys()].join(', ')}`);
  const second = await offlineInit(dir);
  t.is(second.exitCode, 0, second.stderr);
  t.regex(second.stdout, /\[certs\] Using existing ca certificate authority/);
  t.regex(second.stdout, /\[kubeconfig\] Using existing kubeconfig file: ".*admin\.conf"/);
  t.deepEqual(await snapshot(join(dir, 'k')), before);
});

test('a certificate signed by another CA is reported by name and not replaced', async (t) => {
  const dir = await initialised();
  const other = await initialised();
  // Put another cluster's apiserver certificate and key in place: valid pair, wrong CA.
  for (const f of ['apiserver.crt', 'apiserver.key']) await copyFile(join(other, 'k', 'pki', f), join(dir, 'k', 'pki', f));
  const before = await snapshot(join(dir, 'k'));
  const run = await offlineInit(dir);
  t.is(run.exitCode, 1);
  t.regex(run.stderr, /error execution phase certs\/apiserver: .*apiserver\.crt/);
  t.regex(run.stderr, /CA|signed/i);
  t.notRegex(run.stderr, /at .*\.js:\d+/, 'no stack trace');
  t.deepEqual(await snapshot(join(dir, 'k')), before, 'nothing replaced or added');
});

test('a key that does not match its certificate is reported and not replaced', async (t) => {
  const dir = await initialised();
  await copyFile(join(dir, 'k', 'pki', 'front-proxy-ca.key'), join(dir, 'k', 'pki', 'front-proxy-client.key'));
  const before = await snapshot(join(dir, 'k'));
  const run = await offlineInit(dir);
  t.is(run.exitCode, 1);
  t.regex(run.stderr, /front-proxy-client/);
  t.regex(run.stderr, /key/i);
  t.deepEqual(await snapshot(join(dir, 'k')), before);
});

test('a kubeconfig from another cluster is reported and not replaced', async (t) => {
  const dir = await initialised();
  const other = await initialised();
  await copyFile(join(other, 'k', 'scheduler.conf'), join(dir, 'k', 'scheduler.conf'));
  const before = await snapshot(join(dir, 'k'));
  const run = await offlineInit(dir);
  t.is(run.exitCode, 1);
  t.regex(run.stderr, /scheduler\.conf/);
  t.deepEqual(await snapshot(join(dir, 'k')), before);
});

test('--dry-run writes nothing and shows what it would write, without private keys', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-offline-dry-'));
  const run = await offlineInit(dir, '--dry-run', '-v', '1');
  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual((await readdir(dir)).sort(), ['cluster.yaml']);
  t.regex(run.stdout, /Would write file ".*manifests\/kube-apiserver\.yaml"/);
  t.regex(run.stdout, /--service-account-key-file=/);
  t.notRegex(run.stdout + run.stderr, /BEGIN (RSA )?PRIVATE KEY/);
});
