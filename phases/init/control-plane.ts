import type { Phase } from '../../src/workflow/phase.js';

export const controlPlanePhase: Phase = {
  name: 'control-plane',
  short: 'Generate all static Pod manifest files necessary to establish the control plane',
  notImplemented: 'issue #2: foundation',
};
