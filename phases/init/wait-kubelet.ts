import type { Phase } from '../../src/workflow/phase.js';

export const waitKubeletPhase: Phase = {
  name: 'wait-kubelet',
  aliases: ['wait-control-plane'],
  logPrefix: 'wait-control-plane',
  short: 'Wait for the kubelet and the control plane to be healthy',
  long:
    "Waits for the kubelet's healthz (timeouts.kubeletHealthCheck), then for the API server's /livez at the local " +
    'endpoint (verified with the cluster CA) and the controller-manager and scheduler /healthz endpoints ' +
    '(timeouts.controlPlaneComponentHealthCheck). The kubelet check is skipped automatically when neither systemd nor ' +
    'MINIKUBEADM_KUBELET_SERVICE runs the kubelet, because minikubeadm then did not start one; the control-plane checks ' +
    'still prove that whatever runs the static Pods works. On timeout it exits non-zero and says what to look at.',
  flags: ['certDir', 'apiserverAdvertiseAddress', 'apiserverBindPort', 'kubeletDir'],
  run: async (ctx) => (await import('../../src/init/wait-kubelet.js')).waitKubelet(ctx),
};
