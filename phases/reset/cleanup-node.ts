import type { Phase } from '../../src/workflow/phase.js';

export const cleanupNodePhase: Phase = {
  name: 'cleanup-node',
  aliases: ['cleanupnode'],
  short: 'Run cleanup node.',
  long:
    'Stop the kubelet, unmount what is mounted under the kubelet directory, remove the containers of the node through the CRI (crictl), ' +
    'then delete the contents of the manifests, kubelet and certificate directories and the kubeconfig files init and join write.',
  logPrefix: 'reset',
  flags: ['certDir', 'criSocket', 'cleanupTmpDir', 'kubeconfigDir'],
  run: async (ctx) => (await import('../../src/reset/cleanup-node.js')).cleanupNode(ctx),
};
