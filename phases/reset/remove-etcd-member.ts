import type { Phase } from '../../src/workflow/phase.js';

export const removeEtcdMemberPhase: Phase = {
  name: 'remove-etcd-member',
  short: 'Remove a local etcd member.',
  long:
    "When this node runs a stacked etcd member (manifests/etcd.yaml), remove it from the etcd cluster (unless it is the last member) " +
    'with the etcd client certificates of --cert-dir, then delete the contents of its data directory.',
  logPrefix: 'reset',
  flags: ['certDir'],
  run: async (ctx) => (await import('../../src/reset/remove-etcd-member.js')).removeEtcdMember(ctx),
};
