/**
 * `minikubeadm config print init-defaults|join-defaults [--component-configs …]` and
 * `minikubeadm config validate --config FILE`. The config modules (yaml, pipeline) are imported in the
 * handlers so `--help` stays fast.
 */
import type { Argv, Options } from 'yargs';
import { DEFAULT_KUBERNETES_DIR } from '../config/constants.js';
import { COMMON_OPTIONS, type ParsedArgs, splitList, verbosityFrom } from './options.js';

const KUBERNETES_DIR: Options = {
  type: 'string',
  describe: 'Root from which certificatesDir (<dir>/pki) and the etcd data dir default',
  default: DEFAULT_KUBERNETES_DIR,
};

const COMPONENT_CONFIGS: Options = {
  type: 'string',
  array: true,
  describe: 'Also print the defaults of these component configs: KubeletConfiguration, KubeProxyConfiguration (comma separated)',
};

async function printDefaults(which: 'init' | 'join', a: ParsedArgs): Promise<void> {
  const { formatDocuments, initDefaultsDocuments, joinDefaultsDocuments } = await import('../config/print.js');
  const opts = { kubernetesDir: String(a['kubernetes-dir']), componentConfigs: splitList(a['component-configs']) ?? [] };
  const docs = which === 'init' ? initDefaultsDocuments(opts) : joinDefaultsDocuments(opts);
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

export function configCommand(y: Argv): Argv {
  return y.command({
    command: 'config',
    describe: 'Print defaults and validate configuration files',
    builder: (b: Argv) =>
      b
        .command({
          command: 'print',
          describe: 'Print default configuration documents',
          builder: (p: Argv) =>
            p
              .command({
                command: 'init-defaults',
                describe: 'Print the default InitConfiguration and ClusterConfiguration (v1beta4)',
                builder: (q: Argv) => q.options({ 'kubernetes-dir': KUBERNETES_DIR, 'component-configs': COMPONENT_CONFIGS }),
                handler: (a: ParsedArgs) => printDefaults('init', a),
              })
              .command({
                command: 'join-defaults',
                describe: 'Print the default JoinConfiguration (v1beta4)',
                builder: (q: Argv) => q.options({ 'kubernetes-dir': KUBERNETES_DIR, 'component-configs': COMPONENT_CONFIGS }),
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
            q.options({
              config: { type: 'string', demandOption: true, describe: 'Path to the kubeadm configuration file to check' },
              'kubernetes-dir': KUBERNETES_DIR,
              v: COMMON_OPTIONS['v']!,
            }),
          handler: (a: ParsedArgs) => validate(a),
        })
        .demandCommand(1, 'name a config command: print or validate')
        .strictCommands(),
    handler: () => undefined,
  });
}
