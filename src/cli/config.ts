/**
 * `minikubeadm config print init-defaults|join-defaults [--component-configs …]`,
 * `minikubeadm config validate --config FILE [--allow-deprecated-api]`, `config images list` and
 * `config migrate`. The config modules (yaml, pipeline) are imported in the
 * handlers so `--help` stays fast.
 */
import type { Argv } from 'yargs';
import { MinikubeadmError } from '../errors.js';
import { flagValue } from './day2.js';
import { type ParsedArgs, configFlagsFrom, splitList, verbosityFrom, yargsOptions } from './options.js';
import { commandOptions } from './registry.js';

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
  const allowDeprecatedAPI = a['allow-deprecated-api'] === true;
  await loadConfig({ file, kubernetesDir: String(a['kubernetes-dir']), command: 'validate', checkSkipPhase: skipPhaseProblem, allowDeprecatedAPI });
  process.stdout.write(`ok: ${file} is a valid configuration\n`);
}

async function imagesList(a: ParsedArgs): Promise<void> {
  verbosityFrom(a);
  const [{ loadConfig }, { controlPlaneImages }, { printObjects, outputObject }] = await Promise.all([
    import('../config/index.js'),
    import('../manifests/image-list.js'),
    import('../output/printer.js'),
  ]);
  const flags = configFlagsFrom(a);
  const config = await loadConfig({ file: flagValue(a, 'config'), flags, command: 'init' });
  const list = controlPlaneImages(config.cluster);
  if (list.warning) process.stderr.write(`[config/images] WARNING: ${list.warning}\n`);
  const format = flagValue(a, 'output') ?? 'text';
  process.stdout.write(format === 'text' ? list.images.map((i) => `${i}\n`).join('') : printObjects([outputObject('Images', { images: list.images })], format as 'json' | 'yaml'));
}

async function migrate(a: ParsedArgs): Promise<void> {
  verbosityFrom(a);
  const oldConfig = flagValue(a, 'oldConfig');
  if (oldConfig === undefined || oldConfig.trim() === '') {
    throw new MinikubeadmError('FLAG_INVALID', 'the --old-config flag is mandatory', { hint: 'e.g. `minikubeadm config migrate --old-config old.yaml --new-config new.yaml`' });
  }
  const [{ migrateConfig }, { skipPhaseProblem }] = await Promise.all([import('../config/encode/migrate.js'), import('./build-context.js')]);
  const text = await migrateConfig(oldConfig, { kubernetesDir: flagValue(a, 'kubernetesDir'), checkSkipPhase: skipPhaseProblem });
  const newConfig = flagValue(a, 'newConfig');
  if (newConfig === undefined) {
    process.stdout.write(text);
    return;
  }
  const { Fs } = await import('../host/fs.js');
  const { resolve } = await import('node:path');
  await new Fs().write(resolve(newConfig), text, { mode: 0o600 });
}

const KUBERNETES_DIR = { ...yargsOptions(['kubernetesDir'])['kubernetes-dir'], describe: 'Root from which certificatesDir (<dir>/pki) and the etcd data dir default', global: false };
const printOptions = { 'kubernetes-dir': KUBERNETES_DIR, 'component-configs': { ...yargsOptions(['componentConfigs'])['component-configs'], global: false } };

export function configCommand(y: Argv): Argv {
  return y.command({
    command: 'config',
    describe: 'Print defaults and validate configuration files',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm config <print|validate|images|migrate> [flags]\n\nPrint defaults, validate and migrate configuration files, list images')
        .example('minikubeadm config validate --config cluster.yaml', '')
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
              'allow-deprecated-api': {
                type: 'boolean',
                describe: 'Accept a deprecated kubeadm API version (v1beta3) with a warning instead of an error (Kubernetes v1.36+)',
              },
              v: { ...yargsOptions(['v'])['v'], global: false },
            }),
          handler: (a: ParsedArgs) => validate(a),
        })
        .command({
          command: 'images',
          describe: 'Interact with container images used by minikubeadm',
          builder: (p: Argv) =>
            p
              .usage('Usage: minikubeadm config images list [flags]')
              .example('minikubeadm config images list', '')
              .command({
                command: 'list',
                describe: 'Print a list of images minikubeadm will use. The configuration file is used in case any images or image repositories are customized',
                builder: (q: Argv) =>
                  q
                    .usage('Usage: minikubeadm config images list [flags]\n\nPrint a list of images minikubeadm will use, for the configured Kubernetes version and image repository.')
                    .example('minikubeadm config images list --kubernetes-version v1.32.4 --image-repository registry.example.com/k8s -o json', '')
                    .options(commandOptions('config images list', ['config', 'kubernetesVersion', 'imageRepository', 'output', 'v'])),
                handler: (a: ParsedArgs) => imagesList(a),
              })
              .demandCommand(1, 'name an images command: list')
              .strictCommands(),
          handler: () => undefined,
        })
        .command({
          command: 'migrate',
          describe: 'Read an older version of the kubeadm configuration API types from a file, and output the similar config object for the newer version',
          builder: (q: Argv) =>
            q
              .usage(
                'Usage: minikubeadm config migrate --old-config FILE [--new-config FILE] [flags]\n\n' +
                  'Read a kubeadm configuration file (kubeadm.k8s.io/v1beta3 or v1beta4), convert, default and validate it as init and join do, ' +
                  'and write it as kubeadm.k8s.io/v1beta4 to --new-config or stdout. Defaulted fields appear in the output.',
              )
              .example('minikubeadm config migrate --old-config old.yaml --new-config new.yaml', '')
              .options(commandOptions('config migrate', ['oldConfig', 'newConfig', 'kubernetesDir', 'v'])),
          handler: (a: ParsedArgs) => migrate(a),
        })
        .demandCommand(1, 'name a config command: print, validate, images or migrate')
        .strictCommands(),
    handler: () => undefined,
  });
}
