import { stat } from 'node:fs/promises';
import test from 'ava';
import { instanceConfigPath } from '../../../src/kubelet/instance-config.js';
import type { HostProbe } from '../../../src/host/system.js';
import { kubeletConfigPath, kubeletEnvPath } from '../../../src/kubelet/files.js';
import { kubeletStart } from '../../../src/init/kubelet-start.js';
import { type CommandSpec, fixtureHost } from '../../fixtures/hosts/fixture-host.js';
import { testContext } from '../../helpers/config.js';

const UNIT_FILES = 'systemctl list-unit-files kubelet.service --no-legend';
const RESOLVED = 'systemctl list-unit-files systemd-resolved.service --no-legend';

/** A fixture host (systemd running unless `noSystemd`) that records every command run on it. */
function recordingHost(commands: Record<string, CommandSpec>, options: { noSystemd?: boolean } = {}): { host: HostProbe; ran: string[] } {
  const base = fixtureHost('healthy', { commands: { [RESOLVED]: { stdout: '' }, ...commands }, hide: options.noSystemd ? ['/run/systemd'] : [] });
  const ran: string[] = [];
  const host: HostProbe = {
    ...base,
    run: async (cmd, args, opts) => {
      ran.push([cmd, ...args].join(' '));
      return base.run(cmd, args, opts);
    },
  };
  return { host, ran };
}

async function contextOn(host: HostProbe) {
  const tc = await testContext({}, { host });
  const log = tc.ctx.log.withPrefix('kubelet-start');
  return { ...tc, ctx: tc.ctx.withLog(log), log };
}

const systemctlCalls = (ran: string[]): string[] => ran.filter((c) => /^systemctl (restart|stop|start)/.test(c));

test('without systemd: writes both files, says what to start, starts nothing, and a second run changes nothing', async (t) => {
  const { host, ran } = recordingHost({}, { noSystemd: true });
  const { ctx, paths, out } = await contextOn(host);
  await kubeletStart(ctx);
  const env = await ctx.fs.readText(kubeletEnvPath(paths));
  const cfg = await ctx.fs.readText(kubeletConfigPath(paths));
  // NodeLocalCRISocket (the default version): the endpoint is in instance-config.yaml and config.yaml, not a flag.
  t.false(env!.includes('--container-runtime-endpoint='));
  t.regex(cfg!, /^apiVersion: kubelet\.config\.k8s\.io\/v1beta1\n/);
  const socket = ctx.config.init.nodeRegistration.criSocket;
  t.true(cfg!.includes(`containerRuntimeEndpoint: ${socket}\n`));
  t.is(await ctx.fs.readText(instanceConfigPath(paths)), `apiVersion: kubelet.config.k8s.io/v1beta1\ncontainerRuntimeEndpoint: ${socket}\nkind: KubeletConfiguration\n`);
  t.is((await stat(kubeletEnvPath(paths))).mode & 0o777, 0o644);
  t.is((await stat(paths.kubeletDir)).mode & 0o777, 0o700);
  t.regex(out(), /\[kubelet-start\] WARNING: No supported init system detected/);
  t.regex(out(), /\[kubelet-start\] Start the kubelet yourself, e\.g\.: .*kubelet --bootstrap-kubeconfig=.* \$KUBELET_KUBEADM_ARGS/);
  t.deepEqual(ran, [], 'no systemctl without systemd');
  const before = [(await stat(kubeletEnvPath(paths))).mtimeMs, (await stat(kubeletConfigPath(paths))).mtimeMs];
  await kubeletStart(ctx);
  t.deepEqual([(await stat(kubeletEnvPath(paths))).mtimeMs, (await stat(kubeletConfigPath(paths))).mtimeMs], before);
  t.is(ctx.fs.written().filter((w) => w.changed).length, 3);
});

test('with systemd and a stopped kubelet: writes the files, then restarts it through systemctl', async (t) => {
  const { host, ran } = recordingHost({
    [UNIT_FILES]: { stdout: 'kubelet.service enabled enabled\n' },
    'systemctl is-active --quiet kubelet': { exitCode: 3 },
    'systemctl restart kubelet': {},
  });
  const { ctx, paths, out } = await contextOn(host);
  await kubeletStart(ctx);
  t.truthy(await ctx.fs.readText(kubeletConfigPath(paths)));
  t.deepEqual(systemctlCalls(ran), ['systemctl restart kubelet']);
  t.regex(out(), /\[kubelet-start\] Starting the kubelet/);
  t.notRegex(out(), /WARNING/);
});

test('with systemd and a running kubelet: stopped before its files change, restarted after; left alone when nothing changed', async (t) => {
  const { host, ran } = recordingHost({
    [UNIT_FILES]: { stdout: 'kubelet.service enabled enabled\n' },
    'systemctl is-active --quiet kubelet': { exitCode: 0 },
    'systemctl stop kubelet': {},
    'systemctl restart kubelet': {},
  });
  const { ctx, out } = await contextOn(host);
  await kubeletStart(ctx);
  t.deepEqual(systemctlCalls(ran), ['systemctl stop kubelet', 'systemctl restart kubelet']);
  ran.length = 0;
  await kubeletStart(ctx);
  t.deepEqual(systemctlCalls(ran), [], 'unchanged files: no restart of a healthy kubelet');
  t.regex(out(), /The kubelet is running and its configuration is unchanged: not restarting it/);
});

test('a failing restart is a warning naming systemctl output, not a crash', async (t) => {
  const { host } = recordingHost({
    [UNIT_FILES]: { stdout: 'kubelet.service enabled enabled\n' },
    'systemctl is-active --quiet kubelet': { exitCode: 3 },
    'systemctl restart kubelet': { exitCode: 5, stderr: 'Failed to restart kubelet.service: Unit kubelet.service is masked.' },
  });
  const { ctx, out } = await contextOn(host);
  await kubeletStart(ctx);
  t.regex(out(), /WARNING: unable to start the kubelet service: \[.*Unit kubelet\.service is masked\.\]/);
  t.regex(out(), /Please ensure kubelet is reloaded and running manually/);
});

test('systemd without a kubelet unit: says so and what to start', async (t) => {
  const { host, ran } = recordingHost({ [UNIT_FILES]: { stdout: '' } });
  const { ctx, out } = await contextOn(host);
  await kubeletStart(ctx);
  t.regex(out(), /WARNING: Couldn't detect a kubelet service/);
  t.regex(out(), /Start the kubelet yourself/);
  t.deepEqual(systemctlCalls(ran), []);
});

test('dry run writes nothing and starts nothing', async (t) => {
  const { ctx, paths, out } = await testContext({}, { dryRun: true });
  await kubeletStart(ctx.withLog(ctx.log.withPrefix('kubelet-start')));
  await t.throwsAsync(stat(kubeletEnvPath(paths)));
  t.regex(out(), /Would start the kubelet/);
  t.regex(out(), /\[dryrun\] Would write file ".*kubeadm-flags\.env"/);
});
