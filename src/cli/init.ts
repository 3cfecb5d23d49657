/** `minikubeadm init` and `minikubeadm init phase <phase> [<sub>|all]`, generated from the phase list. */
import type { Argv } from 'yargs';
import { initPhases } from '../../phases/init/index.js';
import { type Phase, describePhaseTree } from '../workflow/phase.js';
import { resolvePhase, runPhases } from '../workflow/runner.js';
import { buildContext } from './build-context.js';
import { COMMON_OPTIONS, INIT_OPTIONS, type ParsedArgs, splitList } from './options.js';

const withOptions = (y: Argv): Argv => y.options(COMMON_OPTIONS).options(INIT_OPTIONS);

async function runInit(args: ParsedArgs, only?: string): Promise<void> {
  const ctx = await buildContext('init', args);
  const skip = [...(splitList(args['skip-phases']) ?? []), ...ctx.config.init.skipPhases];
  await runPhases(initPhases, ctx, { only, skip });
}

function phaseCommand(phase: Phase, parentPath: string) {
  const path = parentPath ? `${parentPath}/${phase.name}` : phase.name;
  const names = [phase.name, ...(phase.aliases ?? [])];
  return {
    command: names[0]!,
    aliases: names.slice(1),
    describe: phase.short,
    builder: (y: Argv): Argv => {
      let b = y;
      const uses = phase.flags?.length ? `Flags this phase uses: ${phase.flags.map((f) => `--${f}`).join(', ')}` : '';
      const text = [phase.long, uses].filter(Boolean).join('\n\n');
      if (text) b = b.epilog(text);
      for (const child of phase.phases ?? []) b = b.command(phaseCommand(child, path));
      if ((phase.phases?.length ?? 0) > 0) {
        b = b.command({ command: 'all', describe: `Run all ${phase.name} phases`, handler: (a: ParsedArgs) => runInit(a, path) });
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
      let sub = withOptions(b).epilog(
        `The "init" command executes the following phases:\n\n${describePhaseTree(initPhases)}`,
      );
      sub = sub.command({
        command: 'phase',
        describe: 'Use this command to invoke single phase of the init workflow',
        builder: (p: Argv) => {
          let q = p.epilog(`Phases:\n\n${describePhaseTree(initPhases)}`);
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

/** `init phase <typo>`: report the unknown phase by name with the valid ones, instead of yargs' generic message. */
export function unknownPhase(argv: readonly string[]): void {
  const at = argv.indexOf('phase');
  if (argv[0] !== 'init' || at < 0) return;
  const names: string[] = [];
  for (const word of argv.slice(at + 1)) {
    if (word.startsWith('-')) break;
    names.push(word);
  }
  if (names.length > 0) resolvePhase(initPhases, names.slice(0, 2).join('/'));
}
