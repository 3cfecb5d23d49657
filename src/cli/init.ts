/**
 * `minikubeadm init` and `minikubeadm init phase <phase> [<sub>|all]`, generated from the phase list.
 * Each command accepts exactly the flags its phases use (plus the flags every phase takes), as
 * kubeadm's phase commands do: a flag the chosen phase does not use is an error naming it.
 */
import type { Argv } from 'yargs';
import { initPhases } from '../../phases/init/index.js';
import { FLAGS, type FlagKey } from '../config/flags/table.js';
import { UsageError } from '../errors.js';
import { type Phase, describePhaseTree, flagsOf } from '../workflow/phase.js';
import { resolvePhase, runPhases } from '../workflow/runner.js';
import { buildContext } from './build-context.js';
import { GLOBAL_FLAGS, type ParsedArgs, flagNames, splitList, yargsOptions } from './options.js';

/** Flags of the whole `init`: every phase's, plus --skip-phases. */
const INIT_FLAGS: readonly FlagKey[] = [...GLOBAL_FLAGS, 'skipPhases', ...initPhases.flatMap(flagsOf)];

const localOptions = (keys: readonly FlagKey[]) =>
  Object.fromEntries(Object.entries(yargsOptions(keys)).map(([name, o]) => [name, { ...o, global: false }]));

async function runInit(args: ParsedArgs, only?: string): Promise<void> {
  const ctx = await buildContext('init', args);
  const skip = [...(splitList(args['skip-phases']) ?? []), ...ctx.config.init.skipPhases];
  await runPhases(initPhases, ctx, { only, skip });
}

function phaseCommand(phase: Phase, parentPath: string) {
  const path = parentPath ? `${parentPath}/${phase.name}` : phase.name;
  const names = [phase.name, ...(phase.aliases ?? [])];
  const flags = [...GLOBAL_FLAGS, ...flagsOf(phase)];
  return {
    command: names[0]!,
    aliases: names.slice(1),
    describe: phase.short,
    builder: (y: Argv): Argv => {
      let b = y.usage(`Usage: minikubeadm init phase ${path.replaceAll('/', ' ')}${phase.phases?.length ? ' [<sub-phase>|all]' : ''} [flags]\n\n${phase.short}`);
      b = b.options(localOptions(flags));
      if (phase.long) b = b.epilog(phase.long);
      for (const child of phase.phases ?? []) b = b.command(phaseCommand(child, path));
      if ((phase.phases?.length ?? 0) > 0) {
        b = b.command({
          command: 'all',
          describe: `Run all ${phase.name} phases`,
          builder: (a: Argv) => a.usage(`Usage: minikubeadm init phase ${phase.name} all [flags]`).options(localOptions(flags)),
          handler: (a: ParsedArgs) => runInit(a, path),
        });
      }
      return b.strictCommands();
    },
    handler: (a: ParsedArgs) => runInit(a, path),
  };
}

export function initCommand(y: Argv): Argv {
  return y.command({
    command: 'init',
    describe: 'Run this command in order to set up the Kubernetes control plane',
    builder: (b: Argv) => {
      let sub = b
        .usage('Usage: minikubeadm init [flags]\n       minikubeadm init phase <phase> [flags]\n\nRun this command in order to set up the Kubernetes control plane')
        .options(localOptions(INIT_FLAGS))
        .epilog(`The "init" command executes the following phases:\n\n${describePhaseTree(initPhases)}`);
      sub = sub.command({
        command: 'phase',
        describe: 'Use this command to invoke single phase of the init workflow',
        builder: (p: Argv) => {
          let q = p.usage('Usage: minikubeadm init phase <phase> [flags]\n\nUse this command to invoke single phase of the init workflow').epilog(`Phases:\n\n${describePhaseTree(initPhases)}`);
          for (const phase of initPhases) q = q.command(phaseCommand(phase, ''));
          return q.demandCommand(1, 'name a phase: see `minikubeadm init phase --help`').strictCommands();
        },
        handler: () => undefined,
      });
      return sub.strictCommands();
    },
    handler: (a: ParsedArgs) => runInit(a),
  });
}

/** The phase path and the words naming it in `init phase <a> [<b>]`, or undefined for other commands. */
function typedPhase(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf('phase');
  if (argv[0] !== 'init' || at !== 1) return undefined;
  const names: string[] = [];
  for (const word of argv.slice(at + 1)) {
    if (word.startsWith('-')) break;
    names.push(word);
  }
  return names.slice(0, 2);
}

/** `init phase <typo>`: report the unknown phase by name with the valid ones, instead of yargs' generic message. */
export function unknownPhase(argv: readonly string[]): void {
  const names = typedPhase(argv);
  if (names && names.length > 0) resolvePhase(initPhases, names.join('/'));
}

/** A flag name as typed: `-v`, `--node-name`. */
const dashed = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);

/** The phase a path names (`certs/apiserver`), or undefined. */
function phaseAt(path: string): Phase | undefined {
  let list: readonly Phase[] = initPhases;
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
 * A flag the chosen init command does not take: a usage error naming the flag and listing the ones
 * it takes, or undefined when every flag is known.
 */
export function unknownInitFlag(argv: readonly string[]): UsageError | undefined {
  if (argv[0] !== 'init') return undefined;
  const names = typedPhase(argv);
  const phase = names && names.length > 0 ? phaseAt(resolvePhase(initPhases, names.join('/'))) : undefined;
  if (names && names.length > 0 && !phase) return undefined;
  const keys = phase ? [...GLOBAL_FLAGS, ...flagsOf(phase)] : INIT_FLAGS;
  const known = flagNames(keys);
  const given: string[] = [];
  for (const word of argv) {
    if (word === '--') break;
    const m = /^--?([^=]+)/.exec(word);
    if (m && !/^-\d/.test(word) && !known.has(m[1]!)) given.push(dashed(m[1]!));
  }
  if (given.length === 0) return undefined;
  const command = phase ? `minikubeadm init phase ${names!.join(' ')}` : 'minikubeadm init';
  const takes = [...new Set(keys)].map((k) => dashed(FLAGS[k].name)).join(', ');
  return new UsageError(`${[...new Set(given)].join(', ')}: not a flag of \`${command}\``, `\`${command}\` takes ${takes}; see \`${command} --help\``);
}
