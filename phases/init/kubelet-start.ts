import type { Phase } from '../../src/workflow/phase.js';

export const kubeletStartPhase: Phase = {
  name: 'kubelet-start',
  short: 'Write kubelet settings and (re)start the kubelet',
  notImplemented: 'issue #3: real control plane',
};
