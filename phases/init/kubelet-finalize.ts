import type { Phase } from '../../src/workflow/phase.js';

export const kubeletFinalizePhase: Phase = {
  name: 'kubelet-finalize',
  short: 'Update settings relevant to the kubelet after TLS bootstrap',
  phases: [
    {
      name: 'enable-client-cert-rotation',
      short: 'Enable kubelet client certificate rotation',
      long: 'Points kubelet.conf at <kubelet-dir>/pki/kubelet-client-current.pem once the kubelet has written it.',
      flags: ['kubeconfigDir', 'kubeletDir'],
      run: async (ctx) => (await import('../../src/init/kubelet-finalize.js')).enableClientCertRotation(ctx),
    },
  ],
};
