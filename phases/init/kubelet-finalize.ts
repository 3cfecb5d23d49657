import type { Phase } from '../../src/workflow/phase.js';

export const kubeletFinalizePhase: Phase = {
  name: 'kubelet-finalize',
  short: 'Update settings relevant to the kubelet after TLS bootstrap',
  notImplemented: 'issue #3: real control plane',
};
