import type { Phase } from '../../src/workflow/phase.js';

export const waitKubeletPhase: Phase = {
  name: 'wait-kubelet',
  aliases: ['wait-control-plane'],
  logPrefix: 'wait-control-plane',
  short: 'Wait for the kubelet and the control plane to be healthy',
  long:
    "Waits for the kubelet's healthz (timeouts.kubeletHealthCheck), then for the API server's /livez at the local " +
    'endpoint (verified with the cluster CA) and the controller-manager and scheduler /healthz endpoints ' +
    '(timeouts.controlPlaneComponentHealthCheck). The kubelet check is skipped automatically when systemd is not ' +
    'running or has no kubelet service, because minikubeadm then did not start a kubelet; the control-plane checks ' +
    'still prove that whatever runs the static Pods works. On timeout it exits non-zero and says what to look at.',
  flags: ['config', 'kubernetes-dir', 'dry-run'],
  run: async (ctx, log) => {
    const { waitControlPlane } = await import('../../src/kube/steps/wait-control-plane.js');
    await waitControlPlane(ctx, log);
  },
};
