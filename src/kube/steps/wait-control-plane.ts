/**
 * wait-control-plane: the kubelet's healthz first (skipped when minikubeadm could not start a kubelet
 * because systemd is not running or has no kubelet unit: the operator runs it, and the control-plane
 * checks below prove it works), then the API server, controller-manager and scheduler, with the
 * timeouts of the config (timeouts.kubeletHealthCheck, timeouts.controlPlaneComponentHealthCheck).
 */
import { join } from 'node:path';
import { parseDuration } from '../../config/duration.js';
import { MinikubeadmError } from '../../errors.js';
import { hostOf } from '../../host/system.js';
import { kubeletServiceFor } from '../../kubelet/service.js';
import type { Logger } from '../../log.js';
import type { RunContext } from '../../workflow/context.js';
import { controlPlaneHealthChecks, kubeletHealthCheck } from '../health.js';
import { formatElapsed } from '../wait.js';
import { waitHealthy } from '../wait-healthy.js';

export async function waitControlPlane(ctx: RunContext, log: Logger): Promise<void> {
  const t = ctx.config.init.timeouts;
  const kubeletTimeout = parseDuration(t.kubeletHealthCheck) ?? 240_000;
  const cpTimeout = parseDuration(t.controlPlaneComponentHealthCheck) ?? 240_000;
  const criSocket = ctx.config.init.nodeRegistration.criSocket;
  log.info(`Waiting for the kubelet to boot up the control plane as static Pods from directory "${ctx.paths.manifestsDir}"`);
  if (ctx.dryRun) {
    log.info('Would wait for the kubelet and the control plane to become healthy');
    return;
  }

  // Load the API client library while the components start: the next phases need it, and here the
  // process only waits on the network anyway.
  void import('@kubernetes/client-node').catch(() => undefined);

  const kubeletLog = log.withPrefix('kubelet-check');
  const state = await kubeletServiceFor(hostOf(ctx)).state();
  if (state === 'no-systemd' || state === 'no-unit') {
    const why = state === 'no-systemd' ? 'systemd is not running on this host' : 'systemd has no kubelet service';
    kubeletLog.info(`Skipping the kubelet health check: ${why}, so minikubeadm did not start the kubelet`);
  } else {
    const { runKubeletConfiguration } = await import('../../kubelet/start.js');
    const check = kubeletHealthCheck((await runKubeletConfiguration(ctx)).document);
    kubeletLog.info(`Waiting for a healthy kubelet at ${check.url}. This can take up to ${formatElapsed(kubeletTimeout)}`);
    await waitHealthy([check], { timeoutMs: kubeletTimeout, log: kubeletLog, criSocket });
  }

  const caPath = join(ctx.paths.certificatesDir, 'ca.crt');
  const ca = await ctx.fs.read(caPath);
  if (!ca) {
    throw new MinikubeadmError('PKI_MISSING', `the cluster CA "${caPath}" does not exist, so the API server cannot be checked`, {
      hint: 'create it with `minikubeadm init phase certs ca`',
    });
  }
  const cpLog = log.withPrefix('control-plane-check');
  const checks = controlPlaneHealthChecks(ctx.config, ca);
  cpLog.info(`Waiting for healthy control plane components. This can take up to ${formatElapsed(cpTimeout)}`);
  for (const c of checks) cpLog.info(`Checking ${c.name} at ${c.url}`);
  await waitHealthy(checks, { timeoutMs: cpTimeout, log: cpLog, criSocket });
}
