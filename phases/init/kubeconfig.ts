import type { Phase } from '../../src/workflow/phase.js';

export const kubeconfigPhase: Phase = {
  name: 'kubeconfig',
  short: 'Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file',
  notImplemented: 'issue #2: foundation',
};
