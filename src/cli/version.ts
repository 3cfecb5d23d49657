/** `minikubeadm version [-o text|json|yaml|short]`: the tool's version and the Kubernetes release it targets by default. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_KUBERNETES_VERSION } from '../config/constants.js';
import { PROJECT_ROOT } from '../config/paths.js';
import { commandOptions } from './registry.js';

export function versionCommand(y: Argv): Argv {
  return y.command({
    command: 'version',
    describe: 'Print the version of minikubeadm',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm version [flags]\n\nPrint the version of minikubeadm and the Kubernetes release it targets by default.')
        .example('minikubeadm version -o short', '')
        .options(commandOptions('version', ['versionOutput'], { versionOutput: "Output format; available options are 'text', 'json', 'yaml' and 'short'" }))
        .default('output', 'text'),
    handler: async (a) => {
      const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
      const info = { minikubeadmVersion: pkg.version, defaultKubernetesVersion: DEFAULT_KUBERNETES_VERSION };
      const out: Record<string, () => string> = {
        json: () => `${JSON.stringify(info, null, 2)}\n`,
        short: () => `v${info.minikubeadmVersion}\n`,
        text: () => `minikubeadm version: ${info.minikubeadmVersion} (default Kubernetes ${info.defaultKubernetesVersion})\n`,
      };
      // The YAML writer is loaded only when asked for: it is most of what this command would load.
      if (a['output'] === 'yaml') out['yaml'] = await import('../yaml.js').then((m) => () => m.toYaml(info, 'kubeadm'));
      process.stdout.write((out[String(a['output'])] ?? out['text']!)());
    },
  });
}
