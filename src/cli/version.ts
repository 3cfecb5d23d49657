/** `minikubeadm version`: the tool's version and the Kubernetes release it targets by default. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_KUBERNETES_VERSION } from '../config/constants.js';
import { PROJECT_ROOT } from '../config/paths.js';

export function versionCommand(y: Argv): Argv {
  return y.command({
    command: 'version',
    describe: 'Print the version of minikubeadm',
    builder: (b: Argv) => b.usage('Usage: minikubeadm version [flags]').option('output', { alias: 'o', choices: ['text', 'json'], default: 'text', global: false }),
    handler: (a) => {
      const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
      const info = { minikubeadmVersion: pkg.version, defaultKubernetesVersion: DEFAULT_KUBERNETES_VERSION };
      process.stdout.write(a['output'] === 'json' ? `${JSON.stringify(info, null, 2)}\n` : `minikubeadm version: ${info.minikubeadmVersion} (default Kubernetes ${info.defaultKubernetesVersion})\n`);
    },
  });
}
