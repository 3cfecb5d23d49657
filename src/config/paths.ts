/**
 * Where every file lives. Everything derives from `--kubernetes-dir` (default /etc/kubernetes) and
 * `--kubelet-dir` (default /var/lib/kubelet) unless the config (certificatesDir, etcd dataDir) or
 * kubeadm's own flags (`--cert-dir`, `--kubeconfig-dir`) say otherwise. File contents reference these
 * resolved paths, so a tree generated under ./out is self-consistent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CA_BASE_NAME, DEFAULT_KUBELET_DIR, DEFAULT_KUBERNETES_DIR, KUBECONFIG_FILES, type KubeconfigFile } from './constants.js';
import type { Config } from './types.js';

export interface Paths {
  kubernetesDir: string;
  certificatesDir: string;
  kubeconfigDir: string;
  manifestsDir: string;
  /** Local etcd data dir (meaningless with external etcd). */
  etcdDataDir: string;
  kubeletDir: string;
  /** Built-in templates shipped with minikubeadm. */
  builtinTemplatesDir: string;
  /** `--templates-dir`: user copies that override built-in templates of the same relative name. */
  userTemplatesDir: string | undefined;
}

export interface PathFlags {
  kubernetesDir?: string;
  kubeletDir?: string;
  kubeconfigDir?: string;
  templatesDir?: string;
}

/**
 * The project root (holds package.json and templates/): the nearest directory above this compiled
 * file with a package.json, whether that file is dist/src/config/paths.js or a chunk of the bundle
 * in dist/bundle/.
 */
export const PROJECT_ROOT = findRoot(fileURLToPath(new URL('.', import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..', '..');
  }
}
export const BUILTIN_TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');

/** Root-derived defaults used by config defaulting (certificatesDir, etcd dataDir). */
export function defaultRoots(kubernetesDir = DEFAULT_KUBERNETES_DIR): { certificatesDir: string; etcdDataDir: string } {
  const dir = resolve(kubernetesDir);
  if (dir === DEFAULT_KUBERNETES_DIR) return { certificatesDir: '/etc/kubernetes/pki', etcdDataDir: '/var/lib/etcd' };
  return { certificatesDir: join(dir, 'pki'), etcdDataDir: join(dir, 'etcd') };
}

export function resolvePaths(config: Config, flags: PathFlags = {}): Paths {
  const kubernetesDir = resolve(flags.kubernetesDir ?? DEFAULT_KUBERNETES_DIR);
  return {
    kubernetesDir,
    certificatesDir: resolve(config.cluster.certificatesDir),
    kubeconfigDir: resolve(flags.kubeconfigDir ?? kubernetesDir),
    manifestsDir: join(kubernetesDir, 'manifests'),
    etcdDataDir: resolve(config.cluster.etcd.local?.dataDir ?? defaultRoots(kubernetesDir).etcdDataDir),
    kubeletDir: resolve(flags.kubeletDir ?? DEFAULT_KUBELET_DIR),
    builtinTemplatesDir: BUILTIN_TEMPLATES_DIR,
    userTemplatesDir: flags.templatesDir === undefined ? undefined : resolve(flags.templatesDir),
  };
}

/** `<certificatesDir>/ca.crt`: the cluster CA every component and kubeconfig trusts. */
export function caCertPath(paths: Pick<Paths, 'certificatesDir'>): string {
  return join(paths.certificatesDir, `${CA_BASE_NAME}.crt`);
}

/** `<certificatesDir>/ca.key`: absent in external CA mode. */
export function caKeyPath(paths: Pick<Paths, 'certificatesDir'>): string {
  return join(paths.certificatesDir, `${CA_BASE_NAME}.key`);
}

/** A kubeconfig file kubeadm writes, under the kubeconfig directory. */
export function kubeconfigPath(paths: Pick<Paths, 'kubeconfigDir'>, which: KubeconfigFile): string {
  return join(paths.kubeconfigDir, KUBECONFIG_FILES[which]);
}
