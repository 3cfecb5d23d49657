/** `join phase etcd-join`: a stacked etcd member for a new control-plane instance. */
import type { Phase } from '../../src/workflow/phase.js';
import { DISCOVERY_FLAGS } from './flags.js';

export const etcdJoinPhase: Phase = {
  name: 'etcd-join',
  logPrefix: 'etcd',
  short: 'Join etcd for control plane nodes',
  long:
    'Adds this node to the etcd cluster as a learner, writes its etcd manifest with the full --initial-cluster and ' +
    '--initial-cluster-state=existing, promotes it to a voting member once it is in sync (timeouts.etcdAPICall) and ' +
    'waits for the cluster to have quorum. A learner that never starts is removed again. External etcd: nothing to do.',
  flags: [...DISCOVERY_FLAGS, 'controlPlane', 'apiserverAdvertiseAddress', 'nodeName', 'templatesDir'],
  run: async (ctx) => (await import('../../src/join/etcd-join.js')).etcdJoin(ctx),
};
