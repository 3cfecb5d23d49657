import type { Phase } from '../../src/workflow/phase.js';

export const preflightPhase: Phase = {
  name: 'preflight',
  short: 'Run pre-flight checks',
  notImplemented: 'issue #4: preflight',
};
