/** The workflows and their phase lists, by name. */
import { initPhases } from '../../phases/init/index.js';
import { joinPhases } from '../../phases/join/index.js';
import { resetPhases } from '../../phases/reset/index.js';
import type { Phase } from '../workflow/phase.js';

export type WorkflowName = 'init' | 'join' | 'reset';

const PHASES: Readonly<Record<WorkflowName, readonly Phase[]>> = { init: initPhases, join: joinPhases, reset: resetPhases };

export const isWorkflow = (name: string | undefined): name is WorkflowName => name === 'init' || name === 'join' || name === 'reset';

export const phasesOf = (name: WorkflowName): readonly Phase[] => PHASES[name];
