/**
 * `minikubeadm config print init-defaults|join-defaults [--component-configs …]` and
 * `minikubeadm config validate --config FILE`. The config modules (yaml, pipeline) are imported in the
 * handlers so `--help` stays fast.
 */
import type { Argv } from 'yargs';
import { type ParsedArgs, splitList, verbosityFrom, yargsOptions } from './options.js';

async function printDefaults(which: 'init' | 'join', a: ParsedArgs): Promise<void> {
  const { formatDocuments, initDefaultsDocuments, joinDefaultsDocuments } = await import('../config/encode/print.js');
  const opts = { kubernetesDir: String(a['kubernetes-dir']), componentConfigs: splitList(a['component-configs']) ?? [] };
  const docs = which === 'init' ? await initDefaultsDocuments(opts) : await joinDefaultsDocuments(opts);
  process.stdout.write(formatDocuments(docs));
}

async function validate(a: ParsedArgs): Promise<void> {
  verbosityFrom(a);
  const { loadConfig } = await import('../config/index.js');
  const { skipPhaseProblem } = await import('./build-context.js');
  const file = String(a['config']);
  await loadConfig({ file, kubernetesDir: String(a['kubernetes-dir']), command: 'validate', checkSkipPhase: skipPhaseProblem });
  process.stdout.write(`ok: ${file} is a valid configuration\n`);
}

const KUBERNETES_DIR = { ...yargsOptions(['kubernetesDir'])['kubernetes-dir'], describe: 'Root from which certificatesDir (<dir>/pki) and the etcd data dir default', global: false };
const printOptions = { 'kubernetes-dir': KUBERNETES_DIR, 'component-configs': { ...yargsOptions(['componentConfigs'])['component-configs'], global: false } };

export function configCommand(y: Argv): Argv {
  return y.command({
    command: 'config',
    describe: 'Print defaults and validate configuration files',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm config <print|validate> [flags]\n\nPrint defaults and validate configuration files')
        .command({
          command: 'print',
          describe: 'Print default configuration documents',
          builder: (p: Argv) =>
            p
              .usage('Usage: minikubeadm config print <init-defaults|join-defaults> [flags]')
              .command({
                command: 'init-defaults',
                describe: 'Print the default InitConfiguration and ClusterConfiguration (v1beta4)',
                builder: (q: Argv) => q.usage('Usage: minikubeadm config print init-defaults [flags]').options(printOptions),
                handler: (a: ParsedArgs) => printDefaults('init', a),
              })
              .command({
                command: 'join-defaults',
                describe: 'Print the default JoinConfiguration (v1beta4)',
                builder: (q: Argv) => q.usage('Usage: minikubeadm config print join-defaults [flags]').options(printOptions),
                handler: (a: ParsedArgs) => printDefaults('join', a),
              })
              .demandCommand(1, 'name what to print: init-defaults or join-defaults')
              .strictCommands(),
          handler: () => undefined,
        })
        .command({
          command: 'validate',
          describe: 'Check a configuration file (all documents, every field) without running anything',
          builder: (q: Argv) =>
            q.usage('Usage: minikubeadm config validate --config FILE [flags]').options({
              config: { ...yargsOptions(['config'])['config'], demandOption: true, describe: 'Path to the kubeadm configuration file to check', global: false },
              'kubernetes-dir': KUBERNETES_DIR,
              v: { ...yargsOptions(['v'])['v'], global: false },
            }),
          handler: (a: ParsedArgs) => validate(a),
        })
        .demandCommand(1, 'name a config command: print or validate')
        .strictCommands(),
    handler: () => undefined,
  });
}
