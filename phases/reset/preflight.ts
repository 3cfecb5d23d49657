import type { Phase } from '../../src/workflow/phase.js';

export const resetPreflightPhase: Phase = {
  name: 'preflight',
  short: 'Run reset pre-flight checks',
  long: 'Asks for confirmation (unless --force, or on --dry-run) and checks that the user is root.',
  flags: ['force', 'ignorePreflightErrors'],
  run: async (ctx) => (await import('../../src/reset/preflight.js')).resetPreflight(ctx),
};
