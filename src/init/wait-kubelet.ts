/**
 * init phase wait-kubelet (kubeadm's wait-control-plane): the kubelet's healthz first (skipped when
 * no service manager runs the kubelet, so minikubeadm did not start one: the operator runs it, and
 * the control-plane checks below prove it works), then the API server (and, with
 * WaitForAllControlPlaneComponents, the controller-manager and scheduler, each where its written
 * manifest says it listens), with the timeouts of the config (timeouts.kubeletHealthCheck,
 * timeouts.controlPlaneComponentHealthCheck).
 */
import { caCertPath } from '../config/paths.js';
import { MinikubeadmError } from '../errors.js';
import { type ManifestFlags, controlPlaneHealthChecks, kubeletHealthCheck, manifestArgs } from '../health/checks.js';
import { manifestPath } from '../manifests/render.js';
import { featureEnabled } from '../versions/release.js';
import { waitHealthy } from '../health/wait.js';
import { formatElapsed } from '../wait.js';
import type { RunContext } from '../workflow/context.js';

export async function waitKubelet(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  log.info(`Waiting for the kubelet to boot up the control plane as static Pods from directory "${ctx.paths.manifestsDir}"`);
  if (ctx.dryRun) {
    log.info('Would wait for the kubelet and the control plane to become healthy');
    return;
  }
  await waitForHealthyKubelet(ctx);
  await waitForControlPlaneComponents(ctx);
}

/**
 * The kubelet's healthz, within timeouts.kubeletHealthCheck (`[kubelet-check]` lines). Skipped when
 * no service manager runs the kubelet: minikubeadm did not start one then.
 */
export async function waitForHealthyKubelet(ctx: RunContext): Promise<void> {
  const kubeletLog = ctx.log.withPrefix('kubelet-check');
  const timeout = ctx.config.init.timeouts.kubeletHealthCheck;
  const state = await ctx.kubeletService.state();
  if (state === 'no-systemd' || state === 'no-unit') {
    const why = state === 'no-systemd' ? 'systemd is not running on this host' : 'systemd has no kubelet service';
    kubeletLog.info(`Skipping the kubelet health check: ${why}, so minikubeadm did not start the kubelet`);
    return;
  }
  const check = kubeletHealthCheck((await ctx.kubeletConfiguration()).document);
  kubeletLog.info(`Waiting for a healthy kubelet at ${check.url}. This can take up to ${formatElapsed(timeout.ms)}`);
  await waitHealthy([check], { timeoutMs: timeout.ms, log: kubeletLog, criSocket: ctx.config.init.nodeRegistration.criSocket });
}

/**
 * The API server's /livez at this node's endpoint (verified with the cluster CA), the
 * controller-manager's and scheduler's health, within timeouts.controlPlaneComponentHealthCheck
 * (`[control-plane-check]` lines).
 */
export async function waitForControlPlaneComponents(ctx: RunContext): Promise<void> {
  const caPath = caCertPath(ctx.paths);
  const ca = await ctx.fs.read(caPath);
  if (!ca) {
    throw new MinikubeadmError('PKI_MISSING', `the cluster CA "${caPath}" does not exist, so the API server cannot be checked`, {
      hint: 'create it with `minikubeadm init phase certs ca`',
    });
  }
  const cpLog = ctx.log.withPrefix('control-plane-check');
  const manifests: ManifestFlags = {};
  for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const) {
    const text = await ctx.fs.readText(manifestPath(ctx.paths, name));
    const args = text === undefined ? undefined : manifestArgs(text);
    if (args) manifests[name] = args;
  }
  const { kubernetesVersion, featureGates } = ctx.config.cluster;
  const checks = controlPlaneHealthChecks(ctx.config, ca, manifests, featureEnabled(kubernetesVersion, featureGates, 'WaitForAllControlPlaneComponents'));
  const timeout = ctx.config.init.timeouts.controlPlaneComponentHealthCheck;
  cpLog.info(`Waiting for healthy control plane components. This can take up to ${formatElapsed(timeout.ms)}`);
  for (const c of checks) cpLog.info(`Checking ${c.name} at ${c.url}`);
  await waitHealthy(checks, { timeoutMs: timeout.ms, log: cpLog, criSocket: ctx.config.init.nodeRegistration.criSocket });
}
