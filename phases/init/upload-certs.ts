import type { Phase } from '../../src/workflow/phase.js';

export const uploadCertsPhase: Phase = {
  name: 'upload-certs',
  short: 'Upload certificates to kubeadm-certs',
  notImplemented: 'issue #3: real control plane',
};
