import type { Phase } from '../../src/workflow/phase.js';

export const etcdPhase: Phase = {
  name: 'etcd',
  short: 'Generate static Pod manifest file for local etcd',
  notImplemented: 'issue #2: foundation',
};
