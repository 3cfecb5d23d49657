import type { Phase } from '../../src/workflow/phase.js';

export const uploadConfigPhase: Phase = {
  name: 'upload-config',
  short: 'Upload the kubeadm and kubelet configuration to ConfigMaps',
  notImplemented: 'issue #3: real control plane',
};
