import type { Phase } from '../../src/workflow/phase.js';

export const addonsPhase: Phase = {
  name: 'addons',
  aliases: ['addon'],
  short: 'Install required addons for passing conformance tests',
  notImplemented: 'issue #3: real control plane',
};
