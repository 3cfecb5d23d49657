import type { Phase } from '../../src/workflow/phase.js';

export const markMasterPhase: Phase = {
  name: 'mark-master',
  aliases: ['mark-control-plane'],
  logPrefix: 'mark-control-plane',
  short: 'Mark a node as a control-plane',
  notImplemented: 'issue #3: real control plane',
};
