import type { Phase } from '../../src/workflow/phase.js';

export const showJoinCommandPhase: Phase = {
  name: 'show-join-command',
  short: 'Show the join command for control-plane and worker node',
  notImplemented: 'issue #3: real control plane',
};
