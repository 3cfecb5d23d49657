/**
 * The reset workflow on a node tree made by init's own phases: what init wrote is removed (the
 * manifests, kubeconfig files, PKI, kubelet files and the etcd data the manifest names), the kubelet
 * is stopped through the kubelet service seam, everything else stays; --dry-run changes nothing; a
 * reset is confirmed on a terminal and refused without one unless --force; directories that are
 * system directories or still have something mounted in them are not emptied.
 */
import { chmod, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { initPhases } from '../../../../phases/init/index.js';
import { resetPhases } from '../../../../phases/reset/index.js';
import { mountsUnder, protectedDirProblem } from '../../../../src/host/cleanup.js';
import { type HostProbe, realHost } from '../../../../src/host/system.js';
import type { Prompt, RunContext, RunFlags } from '../../../../src/workflow/context.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { testContext } from '../../../helpers/config.js';
import { snapshot } from '../../../helpers/pki.js';

/** A supervisor for MINIKUBEADM_KUBELET_SERVICE that logs its calls and keeps the kubelet's state in a file. */
async function kubeletSupervisor(dir: string): Promise<{ path: string; calls: () => Promise<string[]> }> {
  const path = join(dir, 'kubelet-service');
  const state = join(dir, 'kubelet-state');
  const log = join(dir, 'kubelet-service.log');
  await writeFile(state, 'active\n');
  await writeFile(
    path,
    `#!/bin/sh\necho "$1" >> ${log}\ncase "$1" in\n  is-active) [ "$(cat ${state})" = active ] && exit 0; exit 3 ;;\n  stop) echo inactive > ${state} ;;\n  restart) echo active > ${state} ;;\nesac\n`,
  );
  await chmod(path, 0o755);
  return { path, calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean) };
}

const answers = (...lines: string[]): Prompt => ({ interactive: true, ask: async () => lines.shift() ?? '' });
const noTerminal: Prompt = { interactive: false, ask: async () => { throw new Error('no terminal'); } };

interface Node {
  dir: string;
  ctx: RunContext;
  out: () => string;
  supervisor: Awaited<ReturnType<typeof kubeletSupervisor>>;
  kept: string[];
}

/** A node as init leaves it (offline phases), the kubelet's files, etcd data, and files init did not write. */
async function initializedNode(t: ExecutionContext, options: { host?: Partial<HostProbe> } = {}): Promise<Node> {
  // A loopback address: the etcd member and the API server the reset asks are this node's own, and nothing listens there.
  const tc = await testContext({ init: { localAPIEndpoint: { advertiseAddress: '127.0.0.77', bindPort: 6443 } } });
  const dir = tc.dir;
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await runPhases(initPhases, tc.ctx, { only: 'certs' });
  await runPhases(initPhases, tc.ctx, { only: 'kubeconfig' });
  await runPhases(initPhases, tc.ctx, { only: 'control-plane' });
  await runPhases(initPhases, tc.ctx, { only: 'etcd' });
  await mkdir(join(tc.paths.kubeletDir, 'pki'), { recursive: true });
  await writeFile(join(tc.paths.kubeletDir, 'config.yaml'), 'kind: KubeletConfiguration\n');
  await writeFile(join(tc.paths.kubeletDir, 'pki', 'kubelet-client-current.pem'), 'pem\n');
  await mkdir(join(tc.paths.etcdDataDir, 'member', 'snap'), { recursive: true });
  await writeFile(join(tc.paths.etcdDataDir, 'member', 'snap', 'db'), 'data');
  await mkdir(join(dir, 'tmp', 'kubeadm-backup-certs-x'), { recursive: true });
  await writeFile(join(dir, 'audit-policy.yaml'), 'mine\n');
  await writeFile(join(dir, 'tmp', 'kubeadm-backup-certs-x', 'apiserver.crt'), 'old\n');
  const supervisor = await kubeletSupervisor(dir);
  const base = realHost();
  const host: HostProbe = { ...base, env: { ...base.env, MINIKUBEADM_KUBELET_SERVICE: supervisor.path, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, uid: () => 0, ...options.host };
  const reset = await testContext({}, { dir, host });
  return { dir, ctx: reset.ctx, out: reset.out, supervisor, kept: ['audit-policy.yaml', 'tmp/kubeadm-backup-certs-x/apiserver.crt', 'kubelet-service', 'kubelet-state', 'kubelet-service.log'] };
}

const as = (ctx: RunContext, flags: Partial<RunFlags>, prompt: Prompt = noTerminal): RunContext => ({ ...ctx, command: 'reset', flags: { ...ctx.flags, ...flags }, prompt });

test('reset removes what init wrote, stops the kubelet, and leaves everything else', async (t) => {
  const node = await initializedNode(t);
  const { paths } = node.ctx;
  await runPhases(resetPhases, as(node.ctx, { force: true }));
  t.deepEqual(await readdir(paths.manifestsDir), []);
  t.deepEqual(await readdir(paths.certificatesDir), []);
  t.deepEqual(await readdir(paths.kubeletDir), []);
  t.deepEqual(await readdir(paths.etcdDataDir), [], 'the data dir named by etcd.yaml is emptied');
  const left = [...(await snapshot(node.dir)).keys()].sort();
  t.deepEqual(left, [...node.kept].sort(), 'only files init did not write remain');
  t.deepEqual(await node.supervisor.calls(), ['is-active', 'stop']);
  const out = node.out();
  for (const line of [
    "[reset] WARNING: Changes made to this host by 'minikubeadm init' or 'minikubeadm join' will be reverted.",
    '[preflight] Running pre-flight checks',
    `[reset] Deleted contents of the etcd data directory: ${paths.etcdDataDir}`,
    '[reset] Stopping the kubelet service',
    `[reset] Unmounting mounted directories in "${paths.kubeletDir}"`,
    `[reset] Deleting contents of directories: [${paths.manifestsDir} ${paths.kubeletDir} ${paths.certificatesDir}]`,
    `[reset] Deleting files: [${['admin.conf', 'super-admin.conf', 'kubelet.conf', 'bootstrap-kubelet.conf', 'controller-manager.conf', 'scheduler.conf'].map((f) => join(paths.kubeconfigDir, f)).join(' ')}]`,
  ]) t.true(out.includes(`${line}\n`), line);
  t.regex(out, /\[reset\] WARNING: Failed to remove etcd member: [\s\S]*please manually remove this etcd member using etcdctl/, 'no etcd runs here: a warning, not a failure');
});

test('--cleanup-tmp-dir also empties <kubernetes-dir>/tmp', async (t) => {
  const node = await initializedNode(t);
  await runPhases(resetPhases, as(node.ctx, { force: true, cleanupTmpDir: true }));
  t.deepEqual(await readdir(join(node.dir, 'tmp')), []);
});

test('--dry-run changes nothing and says what it would do', async (t) => {
  const node = await initializedNode(t);
  const before = await snapshot(node.dir);
  const dry = { ...as(node.ctx, {}), dryRun: true };
  await runPhases(resetPhases, dry);
  t.deepEqual(await snapshot(node.dir), before);
  t.deepEqual(await node.supervisor.calls(), []);
  t.regex(node.out(), /\[reset\] Would remove the etcd member on this node from the etcd cluster/);
  t.regex(node.out(), /\[reset\] Would delete contents of directories: \[/);
  t.regex(node.out(), /\[reset\] Would stop the kubelet service/);
});

test('confirmation: refused without a terminal unless --force, asked on one, and a "no" changes nothing', async (t) => {
  const node = await initializedNode(t);
  const before = await snapshot(node.dir);
  await t.throwsAsync(runPhases(resetPhases, as(node.ctx, {})), { message: /error execution phase preflight: reset asks for confirmation, but stdin is not a terminal/ });
  await t.throwsAsync(runPhases(resetPhases, as(node.ctx, {}, answers('n'))), { message: /won't proceed; the user didn't answer \(Y\|y\) in order to continue/ });
  t.deepEqual([...(await snapshot(node.dir)).keys()].sort(), [...before.keys()].sort());
  await runPhases(resetPhases, as(node.ctx, {}, answers('y')));
  t.deepEqual(await readdir(node.ctx.paths.manifestsDir), []);
});

test('a non-root user is refused unless IsPrivilegedUser is ignored', async (t) => {
  const node = await initializedNode(t, { host: { uid: () => 1000 } });
  await t.throwsAsync(runPhases(resetPhases, as(node.ctx, { force: true })), { message: /\[ERROR IsPrivilegedUser\]: user is not running as root/ });
  t.true((await readdir(node.ctx.paths.manifestsDir)).length > 0);
});

test('a node without an etcd manifest (a worker, external etcd) leaves etcd alone, as kubeadm says', async (t) => {
  const node = await initializedNode(t);
  await runPhases(resetPhases, as(node.ctx, { force: true }), { only: 'cleanup-node' });
  await runPhases(resetPhases, as(node.ctx, { force: true }), { only: 'remove-etcd-member' });
  t.regex(node.out(), /\[reset\] No etcd config found\. Assuming external etcd\n\[reset\] Please, manually reset etcd to prevent further issues\n/);
  t.deepEqual(await readdir(join(node.ctx.paths.etcdDataDir, 'member')), ['snap'], 'without the manifest the data dir is not touched');
});

test('the kubelet dir is not emptied while something is mounted in it', async (t) => {
  const node = await initializedNode(t);
  const kubelet = node.ctx.paths.kubeletDir;
  const host: HostProbe = {
    ...node.ctx.host,
    readFile: async (p) => (p === '/proc/self/mountinfo' ? Buffer.from(`36 25 0:32 / ${kubelet}/pods/x/volumes/secret rw - tmpfs tmpfs rw\n`) : node.ctx.host.readFile(p)),
    run: async (cmd, args, o) => (cmd === 'umount' ? { exitCode: 32, stdout: '', stderr: 'umount: target is busy', timedOut: false } : node.ctx.host.run(cmd, args, o)),
  };
  await runPhases(resetPhases, { ...as(node.ctx, { force: true }), host });
  t.deepEqual((await readdir(kubelet)).sort(), ['config.yaml', 'pki']);
  t.regex(node.out(), /Failed to unmount ".*\/volumes\/secret": umount: target is busy/);
  t.regex(node.out(), /Not deleting the contents of ".*kubelet": a filesystem is still mounted in it/);
  t.deepEqual(await readdir(node.ctx.paths.manifestsDir), [], 'the rest is cleaned');
});

test('a reset that would empty a kernel or system directory is refused before anything changes', async (t) => {
  const node = await initializedNode(t);
  const before = await snapshot(node.dir);
  // A certificate directory that leads into /proc: nothing there can be deleted even if the guard failed.
  const link = join(node.dir, '..', `${node.dir.split('/').pop()}-pki-link`);
  await symlink('/proc/self', link);
  t.teardown(() => rm(link, { force: true }));
  const ctx = { ...as(node.ctx, { force: true }), paths: { ...node.ctx.paths, certificatesDir: link } };
  await t.throwsAsync(runPhases(resetPhases, ctx), { message: /error execution phase preflight: refusing to reset: .* is in a kernel filesystem/ });
  await t.throwsAsync(runPhases(resetPhases, ctx, { only: 'cleanup-node' }), { message: /refusing to reset/ });
  t.deepEqual([...(await snapshot(node.dir)).keys()].sort(), [...before.keys()].sort(), 'nothing was removed');
  t.deepEqual(await node.supervisor.calls(), [], 'the kubelet was not stopped');
});

test('system directories are never emptied, also through a symbolic link; mounts are read from mountinfo', async (t) => {
  for (const dir of ['/', '/etc', '/var/lib', '/usr']) t.truthy(await protectedDirProblem(dir), dir);
  const { dir } = await testContext();
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await symlink('/etc', join(dir, 'etc-link'));
  t.regex((await protectedDirProblem(join(dir, 'etc-link')))!, /\(\/etc\) is a system directory/);
  t.is(await protectedDirProblem(join(dir, 'pki')), undefined);
  const host = { ...realHost(), readFile: async () => Buffer.from(`1 0 0:1 / / rw - ext4 /dev/sda rw\n2 1 0:2 / ${dir}/a\\040b rw - tmpfs t rw\n3 2 0:3 / ${dir}/a\\040b/c rw - tmpfs t rw\n`) };
  t.deepEqual(await mountsUnder(host, dir), [`${dir}/a b/c`, `${dir}/a b`]);
});
