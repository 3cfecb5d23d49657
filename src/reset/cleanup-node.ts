/**
 * reset phase cleanup-node, in kubeadm's order: stop the kubelet (through the kubelet service
 * seam), unmount what is mounted under the kubelet directory, remove the node's containers through
 * the CRI (crictl), then empty the manifests, kubelet and certificate directories (and
 * <kubernetes-dir>/tmp with --cleanup-tmp-dir) and delete the kubeconfig files init and join write.
 * Nothing else is touched, and nothing at all when one of the directories must never be emptied.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_KUBERNETES_DIR } from '../config/constants.js';
import { emptyDir, mountsUnder, removeFiles, unmount } from '../host/cleanup.js';
import { messageOf } from '../errors.js';
import type { RunContext } from '../workflow/context.js';
import { checkResetTargets, resetTargets } from './targets.js';

const CRICTL_TIMEOUT_MS = 60_000;

async function stopKubelet(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  if (ctx.dryRun) {
    log.info('Would stop the kubelet service');
    return;
  }
  log.info('Stopping the kubelet service');
  let reason: string | undefined;
  try {
    const state = await ctx.kubeletService.state();
    if (state === 'no-systemd') reason = 'Unable to detect a supported init system!';
    else if (state === 'no-unit') reason = 'systemd has no kubelet unit';
    else reason = await ctx.kubeletService.control('stop');
  } catch (e) {
    reason = messageOf(e);
  }
  if (reason) {
    log.warn(`The kubelet service could not be stopped by minikubeadm. ${reason}`);
    log.warn('Please ensure kubelet is stopped manually');
  }
}

/** Unmount everything below the kubelet directory; false when something stayed mounted. */
async function unmountKubeletDir(ctx: RunContext, dir: string): Promise<boolean> {
  const { log } = ctx;
  const mounts = await mountsUnder(ctx.host, dir);
  if (ctx.dryRun) {
    if (mounts.length > 0) log.info(`Would unmount mounted directories in "${dir}": [${mounts.join(' ')}]`);
    return true;
  }
  log.info(`Unmounting mounted directories in "${dir}"`);
  for (const m of mounts) {
    const failure = await unmount(ctx.host, m);
    if (failure) {
      log.warn(`Failed to unmount "${m}": ${failure}`);
      return false;
    }
  }
  return true;
}

async function removeContainers(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const socket = ctx.config.init.nodeRegistration.criSocket;
  if (ctx.dryRun) {
    log.info(`Would remove Kubernetes-managed containers through ${socket}`);
    return;
  }
  const crictl = await ctx.host.which('crictl');
  if (!crictl) {
    log.warn(`Failed to remove containers: crictl is not on PATH; remove the Pods of this node from the runtime at ${socket} yourself`);
    return;
  }
  const endpoint = ['--runtime-endpoint', socket];
  const pods = await ctx.host.run(crictl, [...endpoint, 'pods', '--quiet'], { timeoutMs: CRICTL_TIMEOUT_MS });
  if (pods === 'missing' || pods.exitCode !== 0 || pods.timedOut) {
    log.warn(`Failed to remove containers: ${pods === 'missing' ? 'crictl is missing' : `${pods.stderr || pods.stdout}`.trim() || 'crictl pods failed'}`);
    return;
  }
  const ids = pods.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) return;
  const removed = await ctx.host.run(crictl, [...endpoint, 'rmp', '--force', ...ids], { timeoutMs: CRICTL_TIMEOUT_MS });
  if (removed === 'missing' || removed.exitCode !== 0 || removed.timedOut) {
    log.warn(`Failed to remove containers: ${removed === 'missing' ? 'crictl is missing' : `${removed.stderr || removed.stdout}`.trim()}`);
  }
}

export async function cleanupNode(ctx: RunContext): Promise<void> {
  const { log, paths } = ctx;
  // Also when the phase runs on its own, without preflight: nothing is done unless every target is safe.
  const targets = await resetTargets(ctx);
  await checkResetTargets(targets);
  await stopKubelet(ctx);
  const kubeletDir = paths.kubeletDir;
  const unmounted = await unmountKubeletDir(ctx, kubeletDir);
  await removeContainers(ctx);

  const defaultCertDir = resolve(paths.kubernetesDir) === DEFAULT_KUBERNETES_DIR ? '/etc/kubernetes/pki' : join(paths.kubernetesDir, 'pki');
  if (paths.certificatesDir !== defaultCertDir) log.warn(`Cleaning a non-default certificates directory: "${paths.certificatesDir}"`);
  const dirs = targets.dirs.filter((d) => unmounted || d !== kubeletDir);
  if (!unmounted) log.warn(`Not deleting the contents of "${kubeletDir}": a filesystem is still mounted in it; unmount it and run \`minikubeadm reset phase cleanup-node\` again`);
  const files = targets.files;

  if (ctx.dryRun) {
    log.info(`Would delete contents of directories: [${dirs.join(' ')}]`);
    log.info(`Would delete files: [${files.join(' ')}]`);
    return;
  }
  log.info(`Deleting contents of directories: [${dirs.join(' ')}]`);
  for (const d of dirs) await emptyDir(d);
  log.info(`Deleting files: [${files.join(' ')}]`);
  await removeFiles(files);
}
