// Proof that the real-node harness does what the other tests rely on: the node images, the kubelet
// service executable minikubeadm drives (systemctl's answers, the drop-in's command line, the node's
// namespaces), containment of what the kubelet and containerd write, clean-up that leaves nothing,
// and the sweeper that removes a SIGKILLed run's node while leaving a live run alone.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { createTestNetwork, runInNetns } from './harness/netns.js';
import { sharedLibraries, writeImageArchive } from './images/archive.js';
import { ensureImages, imageSpec } from './images/catalog.js';
import { waitFor } from './init/cluster.js';
import { HARNESS_PAUSE, sleeperManifest } from './nodes/dead-run-fixture.js';
import { createCgroupRoot, isRunning, pidsInCgroup } from './nodes/host.js';
import { leftovers } from './nodes/leftovers.js';
import { RealNode } from './nodes/node.js';
import { TestRun, sweepDeadRuns } from './nodes/run.js';
import { writeStandaloneKubeletFiles } from './nodes/standalone.js';
import { currentKubeletSysctls, savedKubeletSysctls } from './nodes/sysctls.js';

const FIXTURE = fileURLToPath(new URL('./nodes/dead-run-fixture.js', import.meta.url));
const NOTHING = { netns: [], cgroups: [], mounts: [], processes: [] };

const inode = (path: string): number => statSync(path).ino;
const nsOf = (pid: number, kind: 'mnt' | 'net'): number => statSync(`/proc/${pid}/ns/${kind}`).ino;

async function healthz(ns: string): Promise<string> {
  const r = await runInNetns(ns, 'curl', ['-sS', '-m', '2', 'http://127.0.0.1:10248/healthz'], { reject: false });
  return String(r.stdout);
}

test.serial('the pause image is one static binary; a component image holds the binary and the libraries ldd names', async (t) => {
  const [pause] = await ensureImages({ byComponent: { pause: HARNESS_PAUSE }, unbuildable: [] });
  const list = async (archive: string, name = HARNESS_PAUSE): Promise<string[]> => {
    const manifest = JSON.parse((await execa('tar', ['-xOf', archive, 'manifest.json'])).stdout) as { RepoTags: string[]; Layers: string[] }[];
    t.deepEqual(manifest[0]!.RepoTags, [name]);
    const layer = await execa('sh', ['-c', `tar -xOf "$1" "$2" | tar -t`, 'sh', archive, manifest[0]!.Layers[0]!]);
    return layer.stdout.split('\n').filter((l) => !l.endsWith('/'));
  };
  t.deepEqual(await list(pause!.archive), ['./pause']);
  const again = await ensureImages({ byComponent: { pause: HARNESS_PAUSE }, unbuildable: [] });
  t.false(again[0]!.built, 'reused from the cache');

  const dir = mkdtempSync(join(tmpdir(), 'mka-image-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const spec = imageSpec('kube-scheduler', 'minikubeadm.test/kube-scheduler:harness');
  await writeImageArchive(spec, join(dir, 'scheduler.tar'));
  const files = await list(join(dir, 'scheduler.tar'), spec.name);
  const binary = spec.files[0]!.from;
  const libs = sharedLibraries(binary);
  t.true(libs.length > 0, 'the Kubernetes build links libc');
  t.deepEqual(files.sort(), ['./usr/local/bin/kube-scheduler', ...libs.map((l) => `.${l}`)].sort(), 'exactly the binary and what ldd names');
});

test.serial('the kubelet service answers like systemctl, starts the kubelet as the drop-in does inside the node, and everything it wrote stays in the node', async (t) => {
  const run = TestRun.create();
  t.teardown(() => run.close());
  const net = await createTestNetwork({ prefix: run.prefix, subnet: '10.215.0', onCreate: (ns) => run.track((r) => r.netns.push(ns)) });
  t.teardown(() => net.cleanup());
  const images = await ensureImages({ byComponent: { pause: HARNESS_PAUSE }, unbuildable: [] });
  const node = await RealNode.create(run, net, 'svc', { images, sandboxImage: HARNESS_PAUSE });
  writeStandaloneKubeletFiles(node, HARNESS_PAUSE);
  writeFileSync(join(node.kubernetesDir, 'manifests', 'sleeper.yaml'), sleeperManifest(HARNESS_PAUSE));
  const before = currentKubeletSysctls();

  t.is((await node.kubeletService('is-active')).exitCode, 3, 'not running yet');
  t.is((await node.kubeletService('stop')).exitCode, 0, 'stopping a stopped kubelet succeeds');
  const started = await node.kubeletService('restart');
  t.is(started.exitCode, 0, started.output);
  t.is((await node.kubeletService('is-active')).exitCode, 0);
  const pid = Number(readFileSync(node.service.pidFile, 'utf8'));
  t.is(nsOf(pid, 'mnt'), inode(node.mountNsFile), 'the kubelet lives in the node mount namespace');
  t.is(nsOf(pid, 'net'), inode(`/run/netns/${node.net.ns}`), 'and in its network namespace');
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  const flags = /"(.*)"/.exec(readFileSync(join(node.kubeletDir, 'kubeadm-flags.env'), 'utf8'))![1]!.split(' ');
  t.deepEqual(argv.slice(1), [
    `--bootstrap-kubeconfig=${join(node.kubernetesDir, 'bootstrap-kubelet.conf')}`,
    `--kubeconfig=${join(node.kubernetesDir, 'kubelet.conf')}`,
    `--config=${join(node.kubeletDir, 'config.yaml')}`,
    ...flags,
    '--container-runtime=remote',
    '--runtime-request-timeout=5m',
    `--container-runtime-endpoint=unix://${node.containerd.socket}`,
    `--root-dir=${node.kubeletDir}`,
    `--cert-dir=${join(node.kubeletDir, 'pki')}`,
    `--cgroup-root=/${node.cgroupRoot}`,
    `--node-ip=${node.ip}`,
  ], "kubeadm's drop-in: kubeconfig, config, KUBELET_KUBEADM_ARGS, then only v1.20's runtime flags, the node's directories and address");
  t.is(await waitFor('the kubelet /healthz', 60_000, async () => ((await healthz(node.net.ns)) === 'ok' ? 'ok' : undefined), 500), 'ok');

  // The static Pod runs in containerd, its processes under the node's cgroup root.
  await waitFor('the static Pod container', 90_000, async () => ((await node.ctr(['tasks', 'list'])).stdout.split('\n').filter((l) => /RUNNING/.test(l)).length >= 2 ? true : undefined));
  const inRoot = pidsInCgroup(node.cgroupRoot);
  t.true(inRoot.length > 0 && !inRoot.includes(pid), 'the Pod\'s processes (not the kubelet) are under the node\'s cgroup root');
  t.true(existsSync(`/sys/fs/cgroup/memory/${node.cgroupRoot}/kubepods`), 'the kubelet made <cgroup-root>/kubepods');

  // What a v1.20 kubelet writes to fixed host paths whatever its flags say lands in the node.
  const sock = '/var/lib/kubelet/device-plugins/kubelet.sock';
  await waitFor('the device plugin socket', 30_000, async () => ((await node.inside('test', ['-S', sock], { reject: false })).exitCode === 0 ? true : undefined), 500);
  t.false(existsSync(sock), `${sock} is not on the machine`);
  t.true(existsSync(join(node.dir, 'overlay', 'var-lib', 'upper', 'kubelet', 'device-plugins', 'kubelet.sock')), 'it is in the node\'s /var/lib overlay');
  t.true((await node.inside('sh', ['-c', 'ls /var/log/pods'])).stdout.includes('default_sleeper'), 'pod logs under the node\'s /var/log');
  t.false(existsSync('/var/log/pods/default_sleeper-svc'), 'and not on the machine');
  t.true((await node.inside('test', ['-d', '/run/containerd'], { reject: false })).exitCode === 0 && !existsSync('/run/containerd'), 'containerd\'s /run/containerd is the node\'s own');
  t.is(currentKubeletSysctls()['kernel/panic'], '10', 'the kubelet set kernel.panic');
  t.deepEqual(savedKubeletSysctls(), before, 'the machine\'s values were saved first');

  // From inside the node (where minikubeadm runs) the same executable works.
  const inside = async (verb: string): Promise<number> => (await node.inside(node.service.script, [verb], { reject: false })).exitCode ?? -1;
  t.is(await inside('is-active'), 0);
  t.is(await inside('stop'), 0);
  t.false(isRunning(pid), 'the kubelet is gone');
  t.is(await inside('is-active'), 3);
  t.is(await inside('restart'), 0);
  t.is((await node.kubeletService('is-active')).exitCode, 0);
  t.not(Number(readFileSync(node.service.pidFile, 'utf8')), pid, 'a new kubelet');

  const report = run.close();
  t.deepEqual(report.left, []);
  await net.cleanup();
  t.deepEqual(leftovers(run.prefix), NOTHING, 'no process, mount, namespace or cgroup left');
  t.false(existsSync(run.dir));
  if (savedKubeletSysctls() === undefined) t.deepEqual(currentKubeletSysctls(), before, 'the kubelet\'s sysctls were put back');
});

test.serial('a SIGKILLed run\'s node (kubelet, containers, containerd, namespaces, cgroups, sysctls) is swept; a live run is left alone', async (t) => {
  const live = TestRun.create();
  t.teardown(() => live.close());
  const liveNet = await createTestNetwork({ prefix: live.prefix, subnet: '10.216.0', onCreate: (ns) => live.track((r) => r.netns.push(ns)) });
  t.teardown(() => liveNet.cleanup());
  const before = currentKubeletSysctls();

  const child = spawn(process.execPath, [FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  const info = await waitFor('the fixture run', 180_000, async () => {
    if (child.exitCode !== null) throw new Error(`fixture exited ${child.exitCode}: ${err}`);
    const line = out.split('\n').find((l) => l.startsWith('{'));
    return line ? (JSON.parse(line) as { prefix: string; dir: string; node: { ns: string; cgroupRoot: string; mountNsFile: string; pidFile: string } }) : undefined;
  }, 500);
  await waitFor('its static Pod', 90_000, async () => {
    const tasks = await execa('ctr', ['--address', join(info.dir, 'nodes', 'doomed', 'containerd', 'containerd.sock'), '-n', 'k8s.io', 'tasks', 'list'], { reject: false });
    return tasks.stdout.split('\n').filter((l) => /RUNNING/.test(l)).length >= 2 ? true : undefined;
  });
  const kubelet = Number(readFileSync(info.node.pidFile, 'utf8'));
  const there = leftovers(info.prefix);
  t.true(there.netns.length >= 2 && there.cgroups.length > 0 && there.mounts.length > 0 && there.processes.length > 0, JSON.stringify(there));

  // And what a run killed before it wrote its record would leave: names carrying a dead pid.
  const stray = 'mka-999999999-abcdef-stray';
  await execa('ip', ['netns', 'add', stray]);
  createCgroupRoot(stray);

  child.kill('SIGKILL');
  await exited;
  t.true(isRunning(kubelet), 'the dead run\'s kubelet outlived it');

  const report = sweepDeadRuns();
  t.true(report.runs.includes(info.prefix), JSON.stringify(report));
  t.false(report.runs.includes(live.prefix), 'the live run was not swept');
  t.false(isRunning(kubelet), 'its kubelet was stopped');
  t.deepEqual(leftovers(info.prefix), NOTHING, 'nothing of the dead run is left');
  t.false(existsSync(info.dir), 'its directory is gone');
  t.true(leftovers(live.prefix).netns.includes(liveNet.switchNs), 'the live run keeps its namespace');
  t.true(report.netns.includes(stray) && report.cgroups.includes(stray), 'stray names of a dead pid are swept');
  t.deepEqual(leftovers(stray), NOTHING);
  if (savedKubeletSysctls() === undefined) t.deepEqual(currentKubeletSysctls(), before, 'the machine\'s sysctls are back');

  t.deepEqual(live.close().left, []);
  await liveNet.cleanup();
  t.deepEqual(leftovers(live.prefix), NOTHING);
});

test.serial('a run stopped by SIGTERM removes its node itself, kubelet and containers included', async (t) => {
  const child = spawn(process.execPath, [FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  const info = await waitFor('the fixture run', 180_000, async () => {
    if (child.exitCode !== null) throw new Error(`fixture exited ${child.exitCode}: ${err}`);
    const line = out.split('\n').find((l) => l.startsWith('{'));
    return line ? (JSON.parse(line) as { prefix: string; dir: string; node: { pidFile: string } }) : undefined;
  }, 500);
  const kubelet = Number(readFileSync(info.node.pidFile, 'utf8'));
  t.true(isRunning(kubelet));
  child.kill('SIGTERM');
  t.is(await exited, 'SIGTERM', 'it ends the way SIGTERM ends a process, after its exit hooks');
  t.false(isRunning(kubelet), 'its kubelet is stopped');
  t.deepEqual(leftovers(info.prefix), NOTHING, 'nothing of it is left, with no sweeper involved');
  t.false(existsSync(join(info.dir, 'record.json')), 'its record is closed; its logs are kept');
  rmSync(info.dir, { recursive: true, force: true });
});
