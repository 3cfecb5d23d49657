import { MinikubeadmError } from '../../src/errors.js';
import type { Phase } from '../../src/workflow/phase.js';

export const uploadCertsPhase: Phase = {
  name: 'upload-certs',
  short: 'Upload certificates to kubeadm-certs',
  long: 'Without --upload-certs this phase does nothing. Uploading certificates is not implemented yet.',
  flags: ['upload-certs', 'certificate-key', 'skip-certificate-key-print'],
  run: async (ctx, log) => {
    if (!ctx.flags.uploadCerts) {
      log.info('Skipping phase. Please see --upload-certs');
      return;
    }
    throw new MinikubeadmError('NOT_IMPLEMENTED', 'uploading the control-plane certificates (--upload-certs) is not implemented yet', {
      hint: 'leave out --upload-certs and copy the certificate authorities and service account keys to the other control-plane nodes yourself',
    });
  },
};
