import { stat } from 'node:fs/promises';
import test from 'ava';
import { kubeletConfigPath } from '../../../src/kubelet/config.js';
import { kubeletEnvPath } from '../../../src/kubelet/flags.js';
import { kubeletStart } from '../../../src/kubelet/start.js';
import { systemdRunning } from '../../../src/kubelet/systemd.js';
import { testContext } from '../../helpers/config.js';

// On a host where systemd runs, this phase would restart the host's kubelet: only run it elsewhere.
const withoutSystemd = (await systemdRunning()) ? test.skip : test;

withoutSystemd('writes both files, says what to start, and changes nothing on a second run', async (t) => {
  const { ctx, paths, out } = await testContext();
  const log = ctx.log.withPrefix('kubelet-start');
  await kubeletStart(ctx, log);
  const env = await ctx.fs.readText(kubeletEnvPath(paths));
  const cfg = await ctx.fs.readText(kubeletConfigPath(paths));
  t.regex(env!, /^KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=/);
  t.regex(cfg!, /^apiVersion: kubelet\.config\.k8s\.io\/v1beta1\n/);
  t.is((await stat(kubeletEnvPath(paths))).mode & 0o777, 0o644);
  t.is((await stat(paths.kubeletDir)).mode & 0o777, 0o700);
  t.regex(out(), /\[kubelet-start\] WARNING: No supported init system detected/);
  t.regex(out(), /\[kubelet-start\] Start the kubelet yourself, e\.g\.: .*kubelet --bootstrap-kubeconfig=.* \$KUBELET_KUBEADM_ARGS/);
  const before = [(await stat(kubeletEnvPath(paths))).mtimeMs, (await stat(kubeletConfigPath(paths))).mtimeMs];
  await kubeletStart(ctx, log);
  t.deepEqual([(await stat(kubeletEnvPath(paths))).mtimeMs, (await stat(kubeletConfigPath(paths))).mtimeMs], before);
  t.is(ctx.fs.written().filter((w) => w.changed).length, 2);
});

test('dry run writes nothing and starts nothing', async (t) => {
  const { ctx, paths, out } = await testContext({}, { dryRun: true });
  await kubeletStart(ctx, ctx.log.withPrefix('kubelet-start'));
  await t.throwsAsync(stat(kubeletEnvPath(paths)));
  t.regex(out(), /Would start the kubelet/);
  t.regex(out(), /\[dryrun\] Would write file ".*kubeadm-flags\.env"/);
});
