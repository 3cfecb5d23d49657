/**
 * A phase is data: a name, a description, optional sub-phases and a `run`. The runner alone owns
 * order, selection, skipping, dependency checks and error wrapping.
 */
import type { FlagKey } from '../config/flags/table.js';
import type { RunContext } from './context.js';

export interface PhaseDependency {
  /** Path of the phase that produces what is needed, e.g. `certs/ca`. */
  phase: string;
  /** What is needed, for the error message, e.g. `the cluster CA (pki/ca.crt and pki/ca.key)`. */
  needs: string;
  /** True when the product already exists, so the producing phase may be skipped or run separately. */
  satisfied(ctx: RunContext): Promise<boolean>;
}

export interface Phase {
  name: string;
  /** Other names accepted on the command line (kubeadm's current names). */
  aliases?: readonly string[];
  /** One line for the phase tree in `--help`. */
  short: string;
  long?: string;
  /** Prefix of the phase's log lines when it differs from the top-level phase name (kubeadm's output). */
  logPrefix?: string;
  phases?: readonly Phase[];
  /** The phase body; its log lines carry the phase's prefix (`ctx.log`). */
  run?: (ctx: RunContext) => Promise<void>;
  dependsOn?: readonly PhaseDependency[];
  /**
   * The command-line flags the phase uses: `init phase <name>` accepts exactly these (plus the
   * flags every phase takes) and lists them in its help. A group's defaults to its sub-phases' union.
   */
  flags?: readonly FlagKey[];
  /**
   * Why the phase cannot run with this configuration (e.g. a flag it does not support yet), checked
   * with the dependencies before anything runs; `undefined` when it can.
   */
  unavailable?: (ctx: RunContext) => { reason: string; hint: string } | undefined;
}

/** A step of a run: a phase with `run`, addressed by its slash path (`certs/apiserver`). */
export interface PhaseStep {
  path: string;
  phase: Phase;
  /** The top-level phase, whose name prefixes log lines. */
  top: Phase;
}

/** Depth-first list of every runnable step, parents before children. */
export function flattenPhases(phases: readonly Phase[], parent = '', top?: Phase): PhaseStep[] {
  const steps: PhaseStep[] = [];
  for (const phase of phases) {
    const path = parent ? `${parent}/${phase.name}` : phase.name;
    const root = top ?? phase;
    if (phase.run) steps.push({ path, phase, top: root });
    if (phase.phases) steps.push(...flattenPhases(phase.phases, path, root));
  }
  return steps;
}

/** The flags a phase uses: its own and, for a group, every sub-phase's. */
export function flagsOf(phase: Phase): FlagKey[] {
  return [...new Set([...(phase.flags ?? []), ...(phase.phases ?? []).flatMap(flagsOf)])];
}

/** Every addressable path (groups included), with aliases resolved to canonical paths. */
export function phaseIndex(phases: readonly Phase[]): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (list: readonly Phase[], canonical: string, spelled: string[]): void => {
    for (const phase of list) {
      const names = [phase.name, ...(phase.aliases ?? [])];
      const path = canonical ? `${canonical}/${phase.name}` : phase.name;
      const spellings = spelled.length === 0 ? names : spelled.flatMap((s) => names.map((n) => `${s}/${n}`));
      for (const s of spellings) index.set(s.toLowerCase(), path);
      if (phase.phases) walk(phase.phases, path, spellings);
    }
  };
  walk(phases, '', []);
  return index;
}

/**
 * The phase tree as kubeadm prints it under "The "init" command executes the following phases",
 * descriptions wrapped to `width` with continuation lines under the description column.
 */
export function describePhaseTree(phases: readonly Phase[], width = 96): string {
  const lines: string[] = [];
  const column = 31;
  const add = (label: string, text: string): void => {
    const words = text.split(' ');
    let line = label.padEnd(column - 1);
    let room = width - column;
    for (const word of words) {
      if (room < width - column && word.length > room) {
        lines.push(line.trimEnd());
        line = ' '.repeat(column - 1);
        room = width - column;
      }
      line += ` ${word}`;
      room -= word.length + 1;
    }
    lines.push(line);
  };
  const walk = (list: readonly Phase[], depth: number): void => {
    for (const phase of list) {
      const label = `${'  '.repeat(depth)}${depth > 0 ? '/' : ''}${phase.name}`;
      const extra = phase.aliases?.length ? ` (alias: ${phase.aliases.join(', ')})` : '';
      add(label, `${phase.short}${extra}`);
      if (phase.phases) {
        if (phase.phases.length > 1) add(`${'  '.repeat(depth + 1)}/all`, `Run all ${phase.name} phases`);
        walk(phase.phases, depth + 1);
      }
    }
  };
  walk(phases, 0);
  return lines.join('\n');
}
