import type { Phase } from '../../src/workflow/phase.js';

export const showJoinCommandPhase: Phase = {
  name: 'show-join-command',
  short: 'Show the join command for control-plane and worker node',
  long: 'Prints how to use admin.conf and the `minikubeadm join` command; --skip-token-print withholds the token.',
  flags: ['kubeconfigDir', 'token', 'skipTokenPrint', 'skipCertificateKeyPrint', 'controlPlaneEndpoint'],
  run: async (ctx) => (await import('../../src/init/show-join-command.js')).showJoinCommand(ctx),
};
