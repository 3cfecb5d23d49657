import type { Phase } from '../../src/workflow/phase.js';

export const kubeletFinalizePhase: Phase = {
  name: 'kubelet-finalize',
  short: 'Update settings relevant to the kubelet after TLS bootstrap',
  phases: [
    {
      name: 'enable-client-cert-rotation',
      short: 'Enable kubelet client certificate rotation',
      long: 'Points kubelet.conf at <kubelet-dir>/pki/kubelet-client-current.pem once the kubelet has written it.',
      flags: ['kubeconfig-dir', 'kubelet-dir', 'dry-run'],
      run: async (ctx, log) => {
        const { enableClientCertRotation } = await import('../../src/kube/steps/kubelet-finalize.js');
        await enableClientCertRotation(ctx, log);
      },
    },
  ],
};
