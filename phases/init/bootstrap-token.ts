import type { Phase } from '../../src/workflow/phase.js';

export const bootstrapTokenPhase: Phase = {
  name: 'bootstrap-token',
  short: 'Generate bootstrap tokens used to join a node to a cluster',
  notImplemented: 'issue #3: real control plane',
};
