/** The workflows and their phase lists, by name. */
import { initPhases } from '../../phases/init/index.js';
import { joinPhases } from '../../phases/join/index.js';
import type { Phase } from '../workflow/phase.js';

export type WorkflowName = 'init' | 'join';

const PHASES: Readonly<Record<WorkflowName, readonly Phase[]>> = { init: initPhases, join: joinPhases };

export const isWorkflow = (name: string | undefined): name is WorkflowName => name === 'init' || name === 'join';

export const phasesOf = (name: WorkflowName): readonly Phase[] => PHASES[name];
