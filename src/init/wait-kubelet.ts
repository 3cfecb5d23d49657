/**
 * init phase wait-kubelet (kubeadm's wait-control-plane): the kubelet's healthz first (skipped when
 * no service manager runs the kubelet, so minikubeadm did not start one: the operator runs it, and
 * the control-plane checks below prove it works), then the API server, controller-manager and
 * scheduler, with the timeouts of the config (timeouts.kubeletHealthCheck,
 * timeouts.controlPlaneComponentHealthCheck).
 */
import { caCertPath } from '../config/paths.js';
import { MinikubeadmError } from '../errors.js';
import { controlPlaneHealthChecks, kubeletHealthCheck } from '../health/checks.js';
import { waitHealthy } from '../health/wait.js';
import { formatElapsed } from '../wait.js';
import type { RunContext } from '../workflow/context.js';

export async function waitKubelet(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const t = ctx.config.init.timeouts;
  const criSocket = ctx.config.init.nodeRegistration.criSocket;
  log.info(`Waiting for the kubelet to boot up the control plane as static Pods from directory "${ctx.paths.manifestsDir}"`);
  if (ctx.dryRun) {
    log.info('Would wait for the kubelet and the control plane to become healthy');
    return;
  }

  const kubeletLog = log.withPrefix('kubelet-check');
  const state = await ctx.kubeletService.state();
  if (state === 'no-systemd' || state === 'no-unit') {
    const why = state === 'no-systemd' ? 'systemd is not running on this host' : 'systemd has no kubelet service';
    kubeletLog.info(`Skipping the kubelet health check: ${why}, so minikubeadm did not start the kubelet`);
  } else {
    const check = kubeletHealthCheck((await ctx.kubeletConfiguration()).document);
    kubeletLog.info(`Waiting for a healthy kubelet at ${check.url}. This can take up to ${formatElapsed(t.kubeletHealthCheck.ms)}`);
    await waitHealthy([check], { timeoutMs: t.kubeletHealthCheck.ms, log: kubeletLog, criSocket });
  }

  const caPath = caCertPath(ctx.paths);
  const ca = await ctx.fs.read(caPath);
  if (!ca) {
    throw new MinikubeadmError('PKI_MISSING', `the cluster CA "${caPath}" does not exist, so the API server cannot be checked`, {
      hint: 'create it with `minikubeadm init phase certs ca`',
    });
  }
  const cpLog = log.withPrefix('control-plane-check');
  const checks = controlPlaneHealthChecks(ctx.config, ca);
  const timeout = t.controlPlaneComponentHealthCheck;
  cpLog.info(`Waiting for healthy control plane components. This can take up to ${formatElapsed(timeout.ms)}`);
  for (const c of checks) cpLog.info(`Checking ${c.name} at ${c.url}`);
  await waitHealthy(checks, { timeoutMs: timeout.ms, log: cpLog, criSocket });
}
