import type { Phase } from '../../src/workflow/phase.js';

export const bootstrapTokenPhase: Phase = {
  name: 'bootstrap-token',
  short: 'Generate bootstrap tokens used to join a node to a cluster',
  long:
    'Creates the bootstrap token Secrets (bootstrapTokens of the config; without one, an existing unexpired token of the ' +
    'cluster with the default usages and groups is reused, else one is generated), the RBAC rules that let tokens join ' +
    'nodes, and the cluster-info ConfigMap in kube-public that anonymous users may read.',
  flags: ['token', 'tokenTtl', 'kubeconfigDir', 'skipTokenPrint'],
  run: async (ctx) => (await import('../../src/init/bootstrap-token.js')).bootstrapToken(ctx),
};
