import type { Phase } from '../../src/workflow/phase.js';

export const showJoinCommandPhase: Phase = {
  name: 'show-join-command',
  short: 'Show the join command for control-plane and worker node',
  long: 'Prints how to use admin.conf and the `minikubeadm join` command; --skip-token-print withholds the token.',
  flags: ['config', 'kubeconfig-dir', 'skip-token-print', 'skip-certificate-key-print'],
  run: async (ctx, log) => {
    const { showJoinCommand } = await import('../../src/kube/steps/show-join-command.js');
    await showJoinCommand(ctx, log);
  },
};
