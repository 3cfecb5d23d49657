import type { Phase } from '../../src/workflow/phase.js';

export const certsPhase: Phase = {
  name: 'certs',
  short: 'Certificate generation',
  notImplemented: 'issue #2: foundation',
};
