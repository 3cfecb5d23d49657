import type { Phase } from '../../src/workflow/phase.js';

export const markMasterPhase: Phase = {
  name: 'mark-master',
  aliases: ['mark-control-plane'],
  logPrefix: 'mark-control-plane',
  short: 'Mark a node as a control-plane',
  long:
    'Waits for the Node to register (timeouts.kubernetesAPICall), then adds the labels node-role.kubernetes.io/control-plane ' +
    'and node.kubernetes.io/exclude-from-external-load-balancers and the taint node-role.kubernetes.io/control-plane:NoSchedule ' +
    '(nodeRegistration.taints replaces it; an empty list means no taint).',
  flags: ['nodeName', 'kubeconfigDir'],
  run: async (ctx) => (await import('../../src/init/mark-master.js')).markMaster(ctx),
};
