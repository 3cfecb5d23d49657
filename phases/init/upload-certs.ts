import type { Phase } from '../../src/workflow/phase.js';

export const uploadCertsPhase: Phase = {
  name: 'upload-certs',
  short: 'Upload certificates to kubeadm-certs',
  long:
    'With --upload-certs, stores the CAs, the service account key pair and the etcd CA (or the external etcd client files) ' +
    'in the kube-system/kubeadm-certs Secret, encrypted (AES-256-GCM) with the certificate key (--certificate-key, or a new ' +
    'one that is printed), so `minikubeadm join --control-plane --certificate-key KEY` can fetch them. The Secret is deleted ' +
    'with the 2-hour bootstrap token that owns it. Without --upload-certs this phase does nothing.',
  flags: ['uploadCerts', 'certificateKey', 'skipCertificateKeyPrint', 'kubeconfigDir', 'certDir'],
  run: async (ctx) => (await import('../../src/init/upload-certs.js')).uploadCerts(ctx),
};
