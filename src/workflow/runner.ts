/**
 * Walks a phase list: selects (`init phase X [sub]`), skips (`--skip-phases a,b/c`), checks every
 * dependency and refuses phases that cannot run before anything runs, then runs the steps in order and
 * wraps failures as `error execution phase <path>: …` keeping the code and hint.
 */
import { MinikubeadmError, isMinikubeadmError, messageOf } from '../errors.js';
import type { RunContext, Workflow } from './context.js';
import { type Phase, type PhaseStep, flattenPhases, phaseIndex } from './phase.js';

export interface RunSelection {
  /** Run only this phase path (and its sub-phases); `undefined` runs the whole list. */
  only?: string;
  /** Phase paths to leave out. */
  skip?: readonly string[];
}

/** Canonical path of a phase name as typed (aliases and case accepted), or a PHASE_UNKNOWN error. */
export function resolvePhase(phases: readonly Phase[], typed: string, command = 'init'): string {
  const index = phaseIndex(phases);
  const key = typed.trim().replace(/\/all$/i, '').toLowerCase();
  const found = index.get(key);
  if (found) return found;
  const known = [...new Set(index.values())].sort();
  throw new MinikubeadmError('PHASE_UNKNOWN', `unknown phase "${typed}"`, {
    hint: `valid phases are: ${known.join(', ')}; see \`minikubeadm ${command} --help\``,
  });
}

const within = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

/** The steps a selection runs, in order. Unknown names are errors. */
export function planSteps(phases: readonly Phase[], selection: RunSelection = {}, command = 'init'): PhaseStep[] {
  const only = selection.only === undefined ? undefined : resolvePhase(phases, selection.only, command);
  const skip = (selection.skip ?? []).filter((s) => s.trim() !== '').map((s) => resolvePhase(phases, s, command));
  return flattenPhases(phases).filter(
    (step) => (only === undefined || within(step.path, only)) && !skip.some((s) => within(step.path, s)),
  );
}

/**
 * Problems that stop the run before anything happens: phases that cannot run with this
 * configuration, and unmet dependencies. All are reported at once.
 */
async function checkSteps(steps: readonly PhaseStep[], ctx: RunContext, command = 'init'): Promise<void> {
  const missing: string[] = [];
  const hints: string[] = [];
  for (const step of steps) {
    const refusal = step.phase.unavailable?.(ctx);
    if (!refusal) continue;
    missing.push(`phase "${step.path}" cannot run: ${refusal.reason}`);
    hints.push(refusal.hint);
  }
  const unmet: string[] = [];
  for (const [i, step] of steps.entries()) {
    for (const dep of step.phase.dependsOn ?? []) {
      const runsBefore = steps.slice(0, i).some((s) => within(s.path, dep.phase));
      if (runsBefore || (await dep.satisfied(ctx))) continue;
      unmet.push(
        `phase "${step.path}" needs ${dep.needs}, produced by phase "${dep.phase}", which is not part of this run and has not run before`,
      );
    }
  }
  if (unmet.length > 0) hints.push(`run the missing phases first (\`minikubeadm ${command} phase <name>\`) or stop skipping them`);
  const problems = [...missing, ...unmet];
  if (problems.length === 0) return;
  throw new MinikubeadmError(unmet.length > 0 ? 'PHASE_DEPENDENCY' : 'NOT_IMPLEMENTED', `cannot run:\n  - ${problems.join('\n  - ')}`, {
    hint: hints.join('; '),
  });
}

/** Plan, check, run. */
export async function runPhases(
  phases: readonly Phase[],
  ctx: RunContext,
  selection: RunSelection = {},
  command: Workflow = ctx.command,
): Promise<PhaseStep[]> {
  const steps = planSteps(phases, selection, command);
  await checkSteps(steps, ctx, command);
  for (const step of steps) {
    const log = ctx.log.withPrefix(step.phase.logPrefix ?? step.top.logPrefix ?? step.top.name);
    ctx.log.debug(1, `[${command}] running phase ${step.path}`);
    try {
      await step.phase.run!(ctx.withLog(log));
    } catch (e) {
      const code = isMinikubeadmError(e) ? e.code : 'PHASE_FAILED';
      throw new MinikubeadmError(code, `error execution phase ${step.path}: ${messageOf(e)}`, {
        hint: isMinikubeadmError(e) ? e.hint : undefined,
        cause: e,
        exitCode: isMinikubeadmError(e) ? e.exitCode : 1,
      });
    }
  }
  return steps;
}
