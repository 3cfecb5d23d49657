/**
 * What the day-2 command handlers share: the logger from -v, the directories from --kubernetes-dir,
 * --kubeconfig-dir, --kubelet-dir and --cert-dir (checked before anything is read or written), and
 * the kubeconfig a command talks to the cluster with.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_KUBERNETES_DIR, KUBECONFIG_FILES } from '../config/constants.js';
import { FLAGS, type FlagKey } from '../config/flags/table.js';
import { defaultRoots } from '../config/paths.js';
import { MinikubeadmError } from '../errors.js';
import { Logger } from '../log.js';
import { type ParsedArgs, verbosityFrom } from './options.js';
import { checkPathFlags } from './path-flags.js';

export interface CommandDirs {
  kubernetesDir: string;
  kubeconfigDir: string;
  kubeletDir: string;
  /** `--cert-dir` when given (absolute), else `undefined`: the config or the root decides. */
  certDirFlag: string | undefined;
  /** `<kubernetes-dir>/pki` (or /etc/kubernetes/pki). */
  defaultCertDir: string;
  manifestsDir: string;
  tmpDir: string;
}

const str = (v: unknown): string | undefined => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined || last === null ? undefined : String(last);
};

/** A single-valued flag as typed (the last one when repeated). */
export function flagValue(a: ParsedArgs, key: FlagKey): string | undefined {
  return str(a[FLAGS[key].name]);
}

export function loggerFor(a: ParsedArgs): Logger {
  return new Logger({ verbosity: verbosityFrom(a) });
}

export function commandDirs(a: ParsedArgs): CommandDirs {
  const kubernetes = flagValue(a, 'kubernetesDir');
  const kubeconfig = flagValue(a, 'kubeconfigDir');
  const kubelet = flagValue(a, 'kubeletDir');
  checkPathFlags({ kubernetesDir: kubernetes, kubeconfigDir: kubeconfig, kubeletDir: kubelet });
  const certDir = flagValue(a, 'certDir');
  if (certDir !== undefined && (certDir.trim() === '' || !isAbsolute(certDir))) {
    throw new MinikubeadmError('FLAG_INVALID', `--cert-dir: ${JSON.stringify(certDir)} must be an absolute path`, { hint: 'e.g. --cert-dir /etc/kubernetes/pki' });
  }
  const kubernetesDir = resolve(kubernetes ?? DEFAULT_KUBERNETES_DIR);
  return {
    kubernetesDir,
    kubeconfigDir: resolve(kubeconfig ?? kubernetesDir),
    kubeletDir: resolve(kubelet ?? '/var/lib/kubelet'),
    certDirFlag: certDir === undefined ? undefined : resolve(certDir),
    defaultCertDir: defaultRoots(kubernetesDir).certificatesDir,
    manifestsDir: join(kubernetesDir, 'manifests'),
    tmpDir: join(kubernetesDir, 'tmp'),
  };
}

/** `--kubeconfig`, else admin.conf in the kubeconfig directory. */
export function kubeconfigFile(a: ParsedArgs, dirs: CommandDirs): string {
  const given = flagValue(a, 'kubeconfig');
  if (given !== undefined && given.trim() === '') throw new MinikubeadmError('FLAG_INVALID', '--kubeconfig: must not be empty', { hint: 'name a kubeconfig file, e.g. --kubeconfig /etc/kubernetes/admin.conf' });
  return resolve(given ?? join(dirs.kubeconfigDir, KUBECONFIG_FILES.admin));
}
