/** `join phase preflight`: the join's checks, discovery, the join doctor and the control-plane conditions. */
import type { Phase } from '../../src/workflow/phase.js';
import { CONTROL_PLANE_FLAGS, DISCOVERY_FLAGS } from './flags.js';

export const preflightPhase: Phase = {
  name: 'preflight',
  short: 'Run join pre-flight checks',
  long:
    "Runs the join's checks of this machine, then discovers the cluster (token or file discovery) and reads its " +
    'configuration. The join doctor then compares the endpoint typed, the server cluster-info advertises and the API ' +
    "server certificate's SANs, and says which one will be used and what to fix when they disagree. A control-plane " +
    'join is refused here, before anything is written, when the cluster has no controlPlaneEndpoint, the certificate ' +
    'key does not decrypt the kubeadm-certs Secret (or the Secret has expired), or an etcd member of this name exists. ' +
    '`-o json` prints one JoinPreflightReport with all of it.',
  flags: [...DISCOVERY_FLAGS, ...CONTROL_PLANE_FLAGS, 'nodeName', 'criSocket', 'ignorePreflightErrors', 'output'],
  run: async (ctx) => (await import('../../src/join/preflight.js')).joinPreflight(ctx),
};
