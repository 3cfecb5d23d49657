/**
 * Two runs on one --kubernetes-dir at once, through the real CLI. Without a lock, 3 of 30 trials of
 * two inits left ca.crt not matching ca.key (or apiserver.crt not signed by ca.crt), once with exit
 * 0. Now the second run either finds the lock and fails at once naming the holder's pid, or starts
 * after the first finished and reuses its files; the tree is consistent after every trial.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { consistencyProblems, offlineInitArgs } from '../helpers/offline-init.js';

const TRIALS = 10;
const LOCKED = /another `minikubeadm (init|certs renew)` is running \(pid (\d+), lock .*\.minikubeadm\.lock\)/;

interface Outcome {
  exitCode: number | undefined;
  stderr: string;
  pid: number | undefined;
}

async function together(a: string[], b: string[]): Promise<[Outcome, Outcome]> {
  const ps = [a, b].map((args) => execa('node', args, { reject: false, timeout: 120_000 }));
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
