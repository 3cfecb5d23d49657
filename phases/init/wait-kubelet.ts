import type { Phase } from '../../src/workflow/phase.js';

export const waitKubeletPhase: Phase = {
  name: 'wait-kubelet',
  aliases: ['wait-control-plane'],
  logPrefix: 'wait-control-plane',
  short: 'Wait for the kubelet and the control plane to be healthy',
  notImplemented: 'issue #3: real control plane',
};
