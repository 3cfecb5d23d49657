/**
 * `minikubeadm config print init-defaults|join-defaults [--component-configs …]`,
 * `minikubeadm config validate --config FILE [--allow-deprecated-api]`, `config migrate` and
 * `config images list`. The config modules (yaml, pipeline) are imported in the
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
  const allowDeprecatedAPI = a['allow-deprecated-api'] === true;
  await loadConfig({ file, kubernetesDir: String(a['kubernetes-dir']), command: 'validate', checkSkipPhase: skipPhaseProblem, allowDeprecatedAPI });
  process.stdout.write(`ok: ${file} is a valid configuration\n`);
}

async function migrate(a: ParsedArgs): Promise<void> {
  verbosityFrom(a);
  const { loadConfig } = await import('../config/index.js');
  const { migratedDocuments } = await import('../config/encode/migrate.js');
  const { formatDocuments } = await import('../config/encode/print.js');
  const config = await loadConfig({ file: String(a['old-config']), kubernetesDir: String(a['kubernetes-dir']), command: 'validate', readRemovedAPI: true });
  const text = formatDocuments(migratedDocuments(config));
  const out = a['new-config'];
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(String(out), text, { mode: 0o600 });
}

async function imagesList(a: ParsedArgs): Promise<void> {
  const { loadConfig } = await import('../config/index.js');
  const { controlPlaneImages } = await import('../manifests/image-list.js');
  const file = a['config'] === undefined ? undefined : String(a['config']);
  const version = a['kubernetes-version'] === undefined ? undefined : String(a['kubernetes-version']);
  const config = await loadConfig({ file, flags: version === undefined ? {} : { kubernetesVersion: version }, command: 'validate' });
  process.stdout.write(controlPlaneImages(config.cluster).map((i) => `${i}\n`).join(''));
}

const KUBERNETES_DIR = { ...yargsOptions(['kubernetesDir'])['kubernetes-dir'], describe: 'Root from which certificatesDir (<dir>/pki) and the etcd data dir default', global: false };
const printOptions = { 'kubernetes-dir': KUBERNETES_DIR, 'component-configs': { ...yargsOptions(['componentConfigs'])['component-configs'], global: false } };

export function configCommand(y: Argv): Argv {
  return y.command({
    command: 'config',
    describe: 'Print defaults, validate and migrate configuration files, list images',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm config <print|validate|migrate|images> [flags]\n\nPrint defaults, validate and migrate configuration files, list images')
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
          command: 'migrate',
          describe: 'Read a configuration file of an older kubeadm API version (v1beta3) and write it as v1beta4',
          builder: (q: Argv) =>
            q.usage('Usage: minikubeadm config migrate --old-config FILE [--new-config FILE] [flags]').options({
              'old-config': { type: 'string', requiresArg: true, demandOption: true, describe: 'The configuration file to convert' },
              'new-config': { type: 'string', requiresArg: true, describe: 'Where to write the v1beta4 configuration (default: standard output)' },
              'kubernetes-dir': KUBERNETES_DIR,
              v: { ...yargsOptions(['v'])['v'], global: false },
            }),
          handler: (a: ParsedArgs) => migrate(a),
        })
        .command({
          command: 'images',
          describe: 'Interact with the container images minikubeadm uses',
          builder: (p: Argv) =>
            p
              .usage('Usage: minikubeadm config images <list> [flags]')
              .command({
                command: 'list',
                describe: 'Print the images a control-plane node of this configuration runs, one per line',
                builder: (q: Argv) =>
                  q.usage('Usage: minikubeadm config images list [--config FILE | --kubernetes-version VERSION]').options({
                    config: { ...yargsOptions(['config'])['config'], global: false },
                    'kubernetes-version': { ...yargsOptions(['kubernetesVersion'])['kubernetes-version'], global: false },
                  }),
                handler: (a: ParsedArgs) => imagesList(a),
              })
              .demandCommand(1, 'name what to do with images: list')
              .strictCommands(),
          handler: () => undefined,
        })
        .demandCommand(1, 'name a config command: print, validate, migrate or images')
        .strictCommands(),
    handler: () => undefined,
  });
}
