/**
 * The workflow commands, `init`, `join` and `reset`, and their `<workflow> phase <phase> [<sub>|all]`
 * subcommands, generated from the phase lists. Each command accepts exactly the flags its phases
 * use (plus the flags every phase takes), as kubeadm's phase commands do: a flag the chosen phase
 * does not use is an error naming it.
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { FLAGS, type FlagKey } from '../config/flags/table.js';
import { UsageError } from '../errors.js';
import type { RunContext } from '../workflow/context.js';
import { type Phase, describePhaseTree, flagsOf } from '../workflow/phase.js';
import { resolvePhase } from '../workflow/runner.js';
import { GLOBAL_FLAGS, JOIN_ENDPOINT_ARG, type ParsedArgs, flagNames, splitList, yargsOptions } from './options.js';
import { type WorkflowName, isWorkflow, phasesOf } from './phase-lists.js';

interface Workflow {
  name: WorkflowName;
  phases: readonly Phase[];
  describe: string;
  /** Flags every phase of the workflow takes (reset reads no --config). */
  globals: readonly FlagKey[];
  /** Shown under the command's usage line. */
  more?: string;
  examples?: readonly string[];
  /** Flag descriptions that read differently for this workflow. */
  describeFlags?: Partial<Record<FlagKey, string>>;
  /** The positional argument the command and each of its leaf phases take (join's API server endpoint). */
  positional?: string;
  /** Printed after a whole run (not after a single phase). */
  closing?: (ctx: RunContext) => Promise<string | undefined>;
}

const WORKFLOWS: Readonly<Record<WorkflowName, Workflow>> = {
  init: { name: 'init', phases: phasesOf('init'), globals: GLOBAL_FLAGS, describe: 'Run this command in order to set up the Kubernetes control plane' },
  join: {
    name: 'join',
    phases: phasesOf('join'),
    globals: GLOBAL_FLAGS,
    describe: 'Run this on any machine you wish to join an existing cluster',
    positional: JOIN_ENDPOINT_ARG,
    examples: [
      'minikubeadm join 192.0.2.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:<hex of the CA public key>',
      'minikubeadm join cp.example.com:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:<hex> --control-plane --certificate-key <key from init --upload-certs>',
      'minikubeadm join --discovery-file cluster-info.yaml --tls-bootstrap-token abcdef.0123456789abcdef',
      'minikubeadm join phase preflight --config join.yaml',
    ],
    describeFlags: { skipPhases: 'Phases to skip, comma separated (e.g. control-plane-join/mark-control-plane)' },
    closing: async (ctx) => (await import('../join/summary.js')).joinSummary(ctx),
  },
  reset: {
    name: 'reset',
    phases: phasesOf('reset'),
    globals: GLOBAL_FLAGS.filter((k) => k !== 'config'),
    describe: "Performs a best effort revert of changes made to this host by 'minikubeadm init' or 'minikubeadm join'",
    more: 'It asks for confirmation on a terminal; --force skips the question.',
    examples: ['minikubeadm reset --dry-run', 'minikubeadm reset --force --cleanup-tmp-dir', 'minikubeadm reset phase remove-etcd-member --dry-run'],
    describeFlags: { skipPhases: 'Phases to skip, comma separated (e.g. remove-etcd-member)' },
    closing: async (ctx) => (await import('../reset/summary.js')).resetSummary(ctx),
  },
};

/** Flags of the whole workflow: every phase's, plus --skip-phases. */
const workflowFlags = (w: Workflow): FlagKey[] => [...new Set<FlagKey>([...w.globals, 'skipPhases', ...w.phases.flatMap(flagsOf)])];

const localOptions = (keys: readonly FlagKey[], w: Workflow) =>
  Object.fromEntries(
    Object.entries(yargsOptions(keys)).map(([name, o]) => {
      const key = keys.find((k) => FLAGS[k].name === name);
      const describe = key === undefined ? undefined : w.describeFlags?.[key];
      return [name, { ...o, global: false, ...(describe ? { describe } : {}) }];
    }),
  );

async function runWorkflow(w: Workflow, args: ParsedArgs, only?: string): Promise<void> {
  // What runs a workflow is loaded only when one runs: --help and the other commands never need it.
  const [{ buildContext }, { lockKubernetesDir }, { runPhases }] = await Promise.all([import('./build-context.js'), import('../host/dir-lock.js'), import('../workflow/runner.js')]);
  const ctx = await buildContext(w.name, args);
  const configured = w.name === 'init' ? ctx.config.init.skipPhases : w.name === 'join' ? (ctx.config.join?.skipPhases ?? []) : [];
  // The flag takes precedence over the config file's list, as in kubeadm.
  const flagged = splitList(args['skip-phases']);
  // Validation is over: from here files are written, one run per --kubernetes-dir at a time.
  const release = ctx.dryRun ? async () => undefined : await lockKubernetesDir(ctx.paths.kubernetesDir, `\`minikubeadm ${w.name}\``);
  try {
    if (!ctx.dryRun) await sweepLeftovers(ctx);
    await runPhases(w.phases, ctx, { only, skip: flagged ?? configured });
  } finally {
    await release();
  }
  if (only === undefined && w.closing) {
    const text = await w.closing(ctx);
    if (text) ctx.log.print(`\n${text}\n`);
  }
}

/** Temporary files of killed runs, in every directory a workflow writes to. */
async function sweepLeftovers(ctx: RunContext): Promise<void> {
  const { sweepTempFiles } = await import('../host/sweep.js');
  const p = ctx.paths;
  const dirs = [p.kubernetesDir, p.manifestsDir, p.kubeconfigDir, p.certificatesDir, join(p.certificatesDir, 'etcd'), p.kubeletDir];
  for (const file of await sweepTempFiles(dirs)) ctx.log.withPrefix('cleanup').info(`Removed ${file}, a temporary file left by an interrupted run`);
}

const withPositional = (w: Workflow, name: string): string => (w.positional ? `${name} [${w.positional}]` : name);

function phaseCommand(w: Workflow, phase: Phase, parentPath: string) {
  const path = parentPath ? `${parentPath}/${phase.name}` : phase.name;
  const names = [phase.name, ...(phase.aliases ?? [])];
  const flags = [...w.globals, ...flagsOf(phase)];
  const positional = w.positional !== undefined && phase.phases === undefined;
  const usage = `minikubeadm ${w.name} phase ${path.replaceAll('/', ' ')}${phase.phases?.length ? ' [<sub-phase>|all]' : ''}${positional ? ` [${w.positional}]` : ''} [flags]`;
  return {
    command: positional ? withPositional(w, names[0]!) : names[0]!,
    aliases: names.slice(1),
    describe: phase.short,
    builder: (y: Argv): Argv => {
      let b = y.usage(`Usage: ${usage}\n\n${phase.short}`);
      b = b.options(localOptions(flags, w));
      b = b.example(`minikubeadm ${w.name} phase ${path.replaceAll('/', ' ')}${flags.includes('config') ? ' --config <file>' : ''}`, '');
      if (phase.long) b = b.epilog(phase.long);
      for (const child of phase.phases ?? []) b = b.command(phaseCommand(w, child, path));
      if ((phase.phases?.length ?? 0) > 0) {
        b = b.command({
          command: 'all',
          describe: `Run all ${phase.name} phases`,
          builder: (a: Argv) => a.usage(`Usage: minikubeadm ${w.name} phase ${phase.name} all [flags]`).options(localOptions(flags, w)),
          handler: (a: ParsedArgs) => runWorkflow(w, a, path),
        });
      }
      return b.strictCommands();
    },
    handler: (a: ParsedArgs) => runWorkflow(w, a, path),
  };
}

function workflowCommand(w: Workflow) {
  return (y: Argv): Argv =>
    y.command({
      command: withPositional(w, w.name),
      describe: w.describe,
      builder: (b: Argv) => {
        const usage = `Usage: minikubeadm ${withPositional(w, w.name)} [flags]\n       minikubeadm ${w.name} phase <phase> [flags]`;
        let sub = b
          .usage(`${usage}\n\n${w.describe}${w.more ? `. ${w.more}` : ''}`)
          .options(localOptions(workflowFlags(w), w))
          .epilog(`The "${w.name}" command executes the following phases:\n\n${describePhaseTree(w.phases)}`);
        for (const example of w.examples ?? []) sub = sub.example(example, '');
        sub = sub.command({
          command: 'phase',
          describe: `Use this command to invoke single phase of the ${w.name} workflow`,
          builder: (p: Argv) => {
            let q = p
              .usage(`Usage: minikubeadm ${w.name} phase <phase> [flags]\n\nUse this command to invoke single phase of the ${w.name} workflow`)
              .epilog(`Phases:\n\n${describePhaseTree(w.phases)}`);
            for (const example of (w.examples ?? []).filter((e) => e.includes(` ${w.name} phase `))) q = q.example(example, '');
            for (const phase of w.phases) q = q.command(phaseCommand(w, phase, ''));
            return q.demandCommand(1, `name a phase: see \`minikubeadm ${w.name} phase --help\``).strictCommands();
          },
          handler: () => undefined,
        });
        return sub.strictCommands();
      },
      handler: (a: ParsedArgs) => runWorkflow(w, a),
    });
}

export const initCommand = workflowCommand(WORKFLOWS.init);
export const joinCommand = workflowCommand(WORKFLOWS.join);
export const resetCommand = workflowCommand(WORKFLOWS.reset);

/** The workflow, and the words naming a phase in `<workflow> phase <a> [<b>]`, or undefined for other commands. */
function typedPhase(argv: readonly string[]): { w: Workflow; names: string[] } | undefined {
  const first = argv[0];
  if (!isWorkflow(first) || argv[1] !== 'phase') return undefined;
  const w = WORKFLOWS[first];
  const names: string[] = [];
  for (const word of argv.slice(2)) {
    if (word.startsWith('-')) break;
    names.push(word);
  }
  // A phase with the positional argument: `join phase preflight 10.0.0.1:6443` names one phase.
  const top = w.phases.find((p) => p.name === names[0] || p.aliases?.includes(names[0] ?? ''));
  return { w, names: names.slice(0, top && !top.phases && w.positional ? 1 : 2) };
}

/** `<workflow> phase <typo>`: report the unknown phase by name with the valid ones, instead of yargs' generic message. */
export function unknownPhase(argv: readonly string[]): void {
  const typed = typedPhase(argv);
  if (typed && typed.names.length > 0) resolvePhase(typed.w.phases, typed.names.join('/'), typed.w.name);
}

/** A flag name as typed: `-v`, `--node-name`. */
const dashed = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);

/** The phase a path names (`certs/apiserver`), or undefined. */
function phaseAt(phases: readonly Phase[], path: string): Phase | undefined {
  let list: readonly Phase[] = phases;
  let found: Phase | undefined;
  for (const name of path.split('/')) {
    if (name === 'all') return found;
    found = list.find((p) => p.name === name || p.aliases?.includes(name));
    if (!found) return undefined;
    list = found.phases ?? [];
  }
  return found;
}

/**
 * A flag the chosen workflow command does not take: a usage error naming the flag and listing the
 * ones it takes, or undefined when every flag is known.
 */
export function unknownWorkflowFlag(argv: readonly string[]): UsageError | undefined {
  if (!isWorkflow(argv[0])) return undefined;
  const w = WORKFLOWS[argv[0]];
  const typed = typedPhase(argv);
  const names = typed?.names ?? [];
  const phase = names.length > 0 ? phaseAt(w.phases, resolvePhase(w.phases, names.join('/'), w.name)) : undefined;
  if (names.length > 0 && !phase) return undefined;
  const keys = phase ? [...w.globals, ...flagsOf(phase)] : workflowFlags(w);
  const known = flagNames(keys);
  const given: string[] = [];
  for (const word of argv) {
    if (word === '--') break;
    const m = /^--?([^=]+)/.exec(word);
    if (m && !/^-\d/.test(word) && !known.has(m[1]!)) given.push(dashed(m[1]!));
  }
  if (given.length === 0) return undefined;
  const command = phase ? `minikubeadm ${w.name} phase ${names.join(' ')}` : `minikubeadm ${w.name}`;
  const takes = [...new Set(keys)].map((k) => dashed(FLAGS[k].name)).join(', ');
  return new UsageError(`${[...new Set(given)].join(', ')}: not a flag of \`${command}\``, `\`${command}\` takes ${takes}; see \`${command} --help\``);
}
