/**
 * `minikubeadm reset` and `minikubeadm reset phase <phase>`, generated from the reset phase list
 * with the flags each phase uses, run by the same runner as init. A whole reset ends with what it
 * did not clean, as kubeadm's does.
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { resetPhases } from '../../phases/reset/index.js';
import type { FlagKey } from '../config/flags/table.js';
import { type Phase, describePhaseTree, flagsOf } from '../workflow/phase.js';
import { runPhases } from '../workflow/runner.js';
import { buildContext } from './build-context.js';
import { type ParsedArgs, splitList } from './options.js';
import { commandOptions } from './registry.js';

const GLOBAL: readonly FlagKey[] = ['kubernetesDir', 'kubeletDir', 'dryRun', 'v'];
const RESET_FLAGS: readonly FlagKey[] = [...GLOBAL, 'skipPhases', ...resetPhases.flatMap(flagsOf)];

function closingText(kubernetesDir: string, tmpKept: boolean): string {
  return [
    '',
    'The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d',
    '',
    'The reset process does not reset or clean up iptables rules or IPVS tables.',
    'If you wish to reset iptables, you must do so manually by using the "iptables" command.',
    '',
    'If your cluster was setup to utilize IPVS, run ipvsadm --clear (or similar)',
    "to reset your system's IPVS tables.",
    '',
    'The reset process does not clean your kubeconfig files and you must remove them manually.',
    'Please, check the contents of the $HOME/.kube/config file.',
    ...(tmpKept ? ['', `The reset process does not clean ${join(kubernetesDir, 'tmp')} (backups of replaced files): pass --cleanup-tmp-dir to remove them.`] : []),
    '',
  ].join('\n');
}

async function runReset(a: ParsedArgs, only?: string): Promise<void> {
  const ctx = await buildContext('reset', a);
  await runPhases(resetPhases, ctx, { only, skip: splitList(a['skip-phases']) ?? [] });
  if (only !== undefined || ctx.dryRun) return;
  const tmpKept = !ctx.flags.cleanupTmpDir && (await ctx.fs.exists(join(ctx.paths.kubernetesDir, 'tmp')));
  process.stdout.write(closingText(ctx.paths.kubernetesDir, tmpKept));
}

function phaseCommand(phase: Phase) {
  const path = `reset phase ${phase.name}`;
  return {
    command: phase.name,
    aliases: [...(phase.aliases ?? [])],
    describe: phase.short,
    builder: (y: Argv): Argv => {
      return y
        .usage(`Usage: minikubeadm ${path} [flags]\n\n${phase.short}${phase.long ? ` ${phase.long}` : ''}`)
        .example(`minikubeadm ${path} --dry-run`, '')
        .options(commandOptions(path, [...GLOBAL, ...flagsOf(phase)]));
    },
    handler: (a: ParsedArgs) => runReset(a, phase.name),
  };
}

export function resetCommand(y: Argv): Argv {
  return y.command({
    command: 'reset',
    describe: 'Performs a best effort revert of changes made to this host by \'minikubeadm init\' or \'minikubeadm join\'',
    builder: (b: Argv) =>
      b
        .usage(
          "Usage: minikubeadm reset [flags]\n       minikubeadm reset phase <phase> [flags]\n\nPerforms a best effort revert of changes made to this host by 'minikubeadm init' or 'minikubeadm join'. " +
            'It asks for confirmation on a terminal; --force skips the question.',
        )
        .example('minikubeadm reset --dry-run', '')
        .example('minikubeadm reset --force --cleanup-tmp-dir', '')
        .options(commandOptions('reset', RESET_FLAGS, { skipPhases: 'Phases to skip, comma separated (e.g. remove-etcd-member)' }))
        .epilog(`The "reset" command executes the following phases:\n\n${describePhaseTree(resetPhases)}`)
        .command({
          command: 'phase',
          describe: 'Use this command to invoke single phase of the reset workflow',
          builder: (p: Argv) => {
            let q = p
              .usage('Usage: minikubeadm reset phase <phase> [flags]\n\nUse this command to invoke single phase of the reset workflow')
              .example('minikubeadm reset phase remove-etcd-member --dry-run', '')
              .epilog(`Phases:\n\n${describePhaseTree(resetPhases)}`);
            for (const phase of resetPhases) q = q.command(phaseCommand(phase));
            return q.demandCommand(1, 'name a phase: see `minikubeadm reset phase --help`').strictCommands();
          },
          handler: () => undefined,
        })
        .strictCommands(),
    handler: (a: ParsedArgs) => runReset(a),
  });
}
