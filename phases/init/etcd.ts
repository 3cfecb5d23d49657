/** init phase etcd: the static Pod manifest of a local (stacked) etcd member. */
import type { Phase } from '../../src/workflow/phase.js';

export const etcdPhase: Phase = {
  name: 'etcd',
  short: 'Generate static Pod manifest file for local etcd',
  phases: [
    {
      name: 'local',
      short: 'Generate the static Pod manifest file for a local, single-node local etcd instance',
      flags: ['certDir', 'templatesDir', 'imageRepository', 'kubernetesVersion', 'apiserverAdvertiseAddress', 'nodeName'],
      run: async (ctx) => (await import('../../src/init/etcd.js')).localEtcd(ctx),
    },
  ],
};
