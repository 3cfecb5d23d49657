import type { Phase } from '../../src/workflow/phase.js';

export const uploadCertsPhase: Phase = {
  name: 'upload-certs',
  short: 'Upload certificates to kubeadm-certs (not implemented yet: runs only without --upload-certs)',
  long: 'Without --upload-certs this phase does nothing. Uploading certificates is not implemented yet, so --upload-certs is refused before anything runs.',
  flags: ['uploadCerts', 'certificateKey', 'skipCertificateKeyPrint'],
  unavailable: (ctx) =>
    ctx.flags.uploadCerts
      ? {
          reason: 'uploading the control-plane certificates (--upload-certs) is not implemented yet',
          hint: 'leave out --upload-certs and copy the certificate authorities and service account keys to the other control-plane nodes yourself',
        }
      : undefined,
  run: async (ctx) => (await import('../../src/init/upload-certs.js')).uploadCerts(ctx),
};
