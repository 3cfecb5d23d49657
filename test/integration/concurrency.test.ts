/**
 * Two runs on one --kubernetes-dir at once, through the real CLI. Without a lock, 3 of 30 trials of
 * two inits left ca.crt not matching ca.key (or apiserver.crt not signed by ca.crt), once with exit
 * 0. Now the second run either finds the lock and fails at once naming the holder's pid, or starts
 * after the first finished and reuses its files; the tree is consistent after every trial. The same
 * for two `certs renew`, two resets and two joins (10 trials each).
 */
import test from 'ava';
import { execa } from 'execa';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { clusterInfoServer, discoveryPki, joinConfigText, TOKEN } from '../helpers/cluster-info.js';
import { FAST_CONFIG, consistencyProblems, offlineInitArgs } from '../helpers/offline-init.js';
import { hashCertificate } from '../../src/pki/pubkeypin.js';

const TRIALS = 10;
const LOCKED = /another `minikubeadm (init|join|reset|certs renew)` is running \(pid (\d+), lock .*\.minikubeadm\.lock\)/;

interface Outcome {
  exitCode: number | undefined;
  stderr: string;
  pid: number | undefined;
}

async function together(a: string[], b: string[], env: Record<string, string> = {}): Promise<[Outcome, Outcome]> {
  const ps = [a, b].map((args) => execa('node', args, { reject: false, timeout: 120_000, env }));
  const pids = ps.map((p) => p.pid);
  const rs = await Promise.all(ps);
  return rs.map((r, i) => ({ exitCode: r.exitCode, stderr: String(r.stderr), pid: pids[i] })) as [Outcome, Outcome];
}

/** Each run succeeded, or failed on the lock held by the other one. */
function judge(t: { is: (a: unknown, b: unknown, m?: string) => void; true: (v: boolean, m?: string) => void }, runs: [Outcome, Outcome]): number {
  let refused = 0;
  runs.forEach((r, i) => {
    if (r.exitCode === 0) return;
    t.is(r.exitCode, 1, r.stderr);
    const m = LOCKED.exec(r.stderr);
    t.true(m !== null, `failed, but not on the lock:\n${r.stderr}`);
    t.is(Number(m?.[2]), runs[1 - i]!.pid, 'names the other run\'s pid');
    refused++;
  });
  t.true(refused < 2, 'at most one run is refused');
  return refused;
}

test.serial(`${TRIALS} trials of two inits at once: one waits for nothing, the other fails on the lock or reuses the files`, async (t) => {
  let refused = 0;
  for (let i = 0; i < TRIALS; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'mka-race-'));
    const args = await offlineInitArgs(dir);
    refused += judge(t, await together(args, args));
    t.deepEqual(await consistencyProblems(dir), [], `trial ${i}`);
    t.false((await readdir(join(dir, 'k'))).includes('.minikubeadm.lock'), 'the lock is released');
  }
  t.log(`${TRIALS} trials: ${refused} runs refused on the lock, ${TRIALS * 2 - refused} succeeded, 0 corrupted trees`);
});

test.serial('certs renew and init at once on one tree', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-race-'));
  const args = await offlineInitArgs(dir);
  t.is((await execa('node', args, { reject: false })).exitCode, 0);
  const renew = [CLI, 'certs', 'renew', 'all', '--config', join(dir, 'cluster.yaml'), '--kubernetes-dir', join(dir, 'k'), '--kubeconfig', '/nonexistent/admin.conf'];
  for (let i = 0; i < 3; i++) {
    judge(t, await together(renew, args));
    t.deepEqual(await consistencyProblems(dir), [], `trial ${i}`);
  }
});

test.serial('a lock held by a running process is reported with its pid; a stale one is taken over', async (t) => {
  const { writeFile } = await import('node:fs/promises');
  const { mkdir } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'mka-race-'));
  const args = await offlineInitArgs(dir);
  await mkdir(join(dir, 'k'));
  await writeFile(join(dir, 'k', '.minikubeadm.lock'), `${process.pid}\n`);
  const held = await execa('node', args, { reject: false });
  t.is(held.exitCode, 1);
  t.true(held.stderr.includes(`another \`minikubeadm init\` is running (pid ${process.pid}, lock ${join(dir, 'k', '.minikubeadm.lock')})`), held.stderr);
  t.true(held.stderr.includes(`To fix: wait for process ${process.pid} to finish`), held.stderr);
  t.deepEqual(await readdir(join(dir, 'k')), ['.minikubeadm.lock'], 'nothing written');
  await writeFile(join(dir, 'k', '.minikubeadm.lock'), '2147483646\n');
  const stale = await execa('node', args, { reject: false });
  t.is(stale.exitCode, 0, stale.stderr);
  t.deepEqual(await consistencyProblems(dir), []);
});

/** A fresh directory with an offline init done in it (its config at dir/cluster.yaml, its tree at dir/k). */
async function initialized(t: { is: (a: unknown, b: unknown, m?: string) => void; teardown: (f: () => Promise<void>) => void }, config = FAST_CONFIG): Promise<{ dir: string; args: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-race-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const args = await offlineInitArgs(dir, config);
  const r = await execa('node', args, { reject: false });
  t.is(r.exitCode, 0, String(r.stderr));
  return { dir, args };
}

test.serial(`${TRIALS} trials of two \`certs renew all\` at once: every pair still matches and is signed by its CA`, async (t) => {
  let refused = 0;
  for (let i = 0; i < TRIALS; i++) {
    const { dir } = await initialized(t);
    const renew = [CLI, 'certs', 'renew', 'all', '--config', join(dir, 'cluster.yaml'), '--kubernetes-dir', join(dir, 'k'), '--kubeconfig', '/nonexistent/admin.conf'];
    refused += judge(t, await together(renew, renew));
    t.deepEqual(await consistencyProblems(dir), [], `trial ${i}`);
  }
  t.log(`${TRIALS} trials: ${refused} runs refused on the lock, ${TRIALS * 2 - refused} succeeded, 0 corrupted trees`);
});

test.serial(`${TRIALS} trials of two resets at once: the tree ends reset, whichever runs`, async (t) => {
  // The node's address is a loopback one nothing listens on: reset asks its etcd member, then the
  // API server, and both are refused at once. The kubelet service is a stand-in that only logs.
  const config = FAST_CONFIG.replace('advertiseAddress: 192.0.2.10', 'advertiseAddress: 127.0.0.79');
  let refused = 0;
  for (let i = 0; i < TRIALS; i++) {
    const { dir } = await initialized(t, config);
    const service = join(dir, 'kubelet-service');
    await writeFile(service, `#!/bin/sh\necho "$1" >> ${join(dir, 'kubelet-service.log')}\n[ "$1" = is-active ] && exit 3\nexit 0\n`);
    await chmod(service, 0o755);
    const reset = [CLI, 'reset', '--force', '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet'), '--cert-dir', join(dir, 'k', 'pki')];
    refused += judge(t, await together(reset, reset, { MINIKUBEADM_KUBELET_SERVICE: service, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }));
    const files = (await readdir(join(dir, 'k'), { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
    t.deepEqual(files, [], `trial ${i}: only empty directories remain`);
    t.deepEqual(await readdir(join(dir, 'kubelet')).catch(() => []), [], `trial ${i}: the kubelet dir is empty`);
  }
  t.log(`${TRIALS} trials: ${refused} runs refused on the lock, ${TRIALS * 2 - refused} succeeded, 0 half-reset trees`);
});

test.serial(`${TRIALS} trials of two joins at once: one holds the lock through discovery, the other fails on it; nothing is written`, async (t) => {
  // A server that accepts the TLS connection and never answers: the holder waits in discovery.
  const pki = await discoveryPki();
  const server = await clusterInfoServer(pki.serving, () => 'hang');
  t.teardown(() => server.close());
  let refused = 0;
  for (let i = 0; i < TRIALS; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'mka-race-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const config = join(dir, 'join.yaml');
    await writeFile(config, joinConfigText({ endpoint: server.endpoint, token: TOKEN, pin: hashCertificate(pki.ca.cert.pem), discoveryTimeout: '2s' }));
    const joinArgs = [CLI, 'join', '--config', config, '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet'), '--ignore-preflight-errors', 'all'];
    const runs = await together(joinArgs, joinArgs);
    for (const [j, r] of runs.entries()) {
      t.is(r.exitCode, 1, r.stderr);
      const m = LOCKED.exec(r.stderr);
      if (m) {
        t.is(Number(m[2]), Number(runs[1 - j]!.pid), "names the other run's pid");
        refused++;
      } else t.regex(r.stderr, /couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap/);
    }
    t.true(runs.some((r) => !LOCKED.test(r.stderr)), 'one of them ran');
    // The run that created k/ for its lock may be the one refused: the holder cannot know k/ is new
    // and leaves it, empty (src/host/dir-lock.ts).
    const left = (await readdir(dir)).sort();
    t.true(JSON.stringify(left) === '["join.yaml"]' || JSON.stringify(left) === '["join.yaml","k"]', `trial ${i}: ${left.join(' ')}`);
    if (left.includes('k')) t.deepEqual(await readdir(join(dir, 'k')), [], `trial ${i}: nothing written, the lock released`);
  }
  t.log(`${TRIALS} trials: ${refused} runs refused on the lock, 0 files written`);
});
