/**
 * reset phase remove-etcd-member against a real three-member etcd cluster (Debian's etcd, our
 * PKI and manifests, one network namespace with an address per member): each reset node's member
 * leaves the cluster (as etcdctl sees it) and its data directory is emptied; the last member is
 * left in place, as kubeadm does. The reset runs through the CLI inside the namespace.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { parse } from 'yaml';
import { initPhases } from '../../phases/init/index.js';
import { runPhases } from '../../src/workflow/runner.js';
import { CLI } from '../helpers/cli.js';
import { testContext } from '../helpers/config.js';
import { installedEtcdTag } from '../helpers/etcd.js';

const exec = promisify(execFile);
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('reset-etcd-member: skipped, creating a network namespace needs root');
const maybe = isRoot ? test.serial : test.serial.skip;

const MEMBERS = [
  { name: 'n1', ip: '192.0.2.11' },
  { name: 'n2', ip: '192.0.2.12' },
  { name: 'n3', ip: '192.0.2.13' },
];

const sh = async (cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await exec(cmd, args, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
};

maybe('each reset node leaves the etcd cluster and empties its data directory; the last member stays', async (t) => {
  t.timeout(5 * 60_000);
  const ns = `mka-rst-${randomBytes(3).toString('hex')}`;
  const procs: ChildProcess[] = [];
  const logs: string[] = ['', '', ''];
  let nsCreated = false;
  const onExit = (): void => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    if (nsCreated) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  };
  process.once('exit', onExit);
  // The manifests are rendered for the etcd of this machine, which runs them.
  const etcdTag = await installedEtcdTag();
  const nodes = await Promise.all(MEMBERS.map((m) => testContext({ init: { localAPIEndpoint: { advertiseAddress: m.ip, bindPort: 6443 }, nodeRegistration: { name: m.name } } })));
  for (const n of nodes) n.ctx.config.cluster.etcd.local!.imageTag = etcdTag;
  t.teardown(async () => {
    process.off('exit', onExit);
    for (const p of procs) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (nsCreated) await sh('ip', ['netns', 'del', ns]);
    for (const n of nodes) await rm(n.dir, { recursive: true, force: true });
  });

  // One etcd CA, a server, peer and health-check certificate per member, and each member's manifest.
  await runPhases(initPhases, nodes[0]!.ctx, { only: 'certs' });
  for (const n of nodes.slice(1)) {
    await mkdir(join(n.paths.certificatesDir, 'etcd'), { recursive: true });
    for (const f of ['ca.crt', 'ca.key']) await copyFile(join(nodes[0]!.paths.certificatesDir, 'etcd', f), join(n.paths.certificatesDir, 'etcd', f));
    for (const c of ['etcd-server', 'etcd-peer', 'etcd-healthcheck-client']) await runPhases(initPhases, n.ctx, { only: `certs/${c}` });
  }
  for (const n of nodes) await runPhases(initPhases, n.ctx, { only: 'etcd' });

  await sh('ip', ['netns', 'add', ns]).then((r) => t.is(r.code, 0, r.stderr));
  nsCreated = true;
  for (const args of [
    ['-n', ns, 'link', 'set', 'lo', 'up'],
    ['-n', ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1'],
    ...MEMBERS.map((m) => ['-n', ns, 'addr', 'add', `${m.ip}/24`, 'dev', 'veth0']),
    ['-n', ns, 'link', 'set', 'veth1', 'up'],
    ['-n', ns, 'link', 'set', 'veth0', 'up'],
  ]) {
    const r = await sh('ip', args);
    t.is(r.code, 0, `ip ${args.join(' ')}: ${r.stderr}`);
  }

  // The manifests' command lines as a three-member cluster: all members in --initial-cluster, and
  // each listening on its own address only (they share the namespace's loopback).
  const initialCluster = MEMBERS.map((m) => `${m.name}=https://${m.ip}:2380`).join(',');
  for (const [i, n] of nodes.entries()) {
    const pod = parse(await readFile(join(n.paths.manifestsDir, 'etcd.yaml'), 'utf8'));
    const c = pod.spec.containers[0];
    const ip = MEMBERS[i]!.ip;
    const argv = ([...c.command, ...(c.args ?? [])] as string[]).map((a) =>
      a.startsWith('--initial-cluster=') ? `--initial-cluster=${initialCluster}` : a.startsWith('--listen-client-urls=') ? `--listen-client-urls=https://${ip}:2379` : a.startsWith('--listen-metrics-urls=') ? `--listen-metrics-urls=http://${ip}:2381` : a,
    );
    const p = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d: Buffer) => (logs[i] += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (logs[i] += d.toString()));
    procs.push(p);
  }

  const pki = nodes[0]!.paths.certificatesDir;
  const etcdctl = (endpoint: string, ...args: string[]) =>
    sh('ip', ['netns', 'exec', ns, 'etcdctl', `--endpoints=${endpoint}`, `--cacert=${pki}/etcd/ca.crt`, `--cert=${pki}/etcd/healthcheck-client.crt`, `--key=${pki}/etcd/healthcheck-client.key`, '--dial-timeout=3s', '--command-timeout=5s', ...args]);
  const memberNames = async (): Promise<string[]> => {
    const r = await etcdctl(`https://${MEMBERS[0]!.ip}:2379`, 'member', 'list', '-w', 'json');
    if (r.code !== 0) return [];
    return ((JSON.parse(r.stdout) as { members?: { name?: string }[] }).members ?? []).map((m) => m.name ?? '').sort();
  };
  let healthy = false;
  for (let i = 0; i < 60 && !healthy; i++) {
    const r = await etcdctl(MEMBERS.map((m) => `https://${m.ip}:2379`).join(','), 'endpoint', 'health');
    healthy = r.code === 0;
    if (!healthy) await new Promise((res) => setTimeout(res, 500));
  }
  t.true(healthy, `the three members did not become healthy:\n${logs.join('\n----\n')}`);
  t.deepEqual(await memberNames(), ['n1', 'n2', 'n3']);

  const reset = (i: number, ...extra: string[]) =>
    sh('ip', ['netns', 'exec', ns, process.execPath, CLI, 'reset', 'phase', 'remove-etcd-member', '--kubernetes-dir', nodes[i]!.dir, '--kubelet-dir', nodes[i]!.paths.kubeletDir, ...extra]);
  const dataDir = (i: number) => nodes[i]!.paths.etcdDataDir;

  const second = await reset(1);
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /^\[reset\] Removed etcd member "n2" \([0-9a-f]+, https:\/\/192\.0\.2\.12:2380\) from the etcd cluster$/m);
  t.true(second.stdout.includes(`[reset] Deleted contents of the etcd data directory: ${dataDir(1)}\n`));
  t.deepEqual(await readdir(dataDir(1)), []);
  t.deepEqual(await memberNames(), ['n1', 'n3']);
  // A removed member stops on its own (within 30 s: it notices slowly on a loaded machine).
  for (let i = 0; i < 120 && procs[1]!.exitCode === null && procs[1]!.signalCode === null; i++) await new Promise((res) => setTimeout(res, 250));
  t.not(procs[1]!.exitCode ?? procs[1]!.signalCode, null, 'the removed member exited');

  const third = await reset(2);
  t.is(third.code, 0, third.stderr);
  t.deepEqual(await memberNames(), ['n1']);

  const last = await reset(0, '-v', '1');
  t.is(last.code, 0, last.stderr);
  t.regex(last.stderr, /\[etcd\] This is the only remaining etcd member in the etcd cluster, skip removing it/);
  t.notRegex(last.stdout, /Removed etcd member/);
  t.deepEqual(await readdir(dataDir(0)), []);
});
