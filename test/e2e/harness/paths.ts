// Where test/e2e/provision/ caches the Kubernetes binaries (build-kubernetes.sh) and etcd 3.5
// (fetch-etcd.sh), and where the node images built from them are kept.
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const KUBERNETES_VERSION = 'v1.20.2';
export const KUBERNETES_COMPONENTS = ['kubeadm', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'pause'] as const;

/** ${MINIKUBEADM_CACHE:-$HOME/.cache/minikubeadm} */
export function cacheDir(): string {
  return process.env['MINIKUBEADM_CACHE'] || join(homedir(), '.cache', 'minikubeadm');
}

/** Directory holding the cached Kubernetes binaries (and pause). */
export function kubernetesBinDir(): string {
  return join(cacheDir(), `kubernetes-${KUBERNETES_VERSION}`, 'bin');
}

/** etcd, etcdctl and etcdutl 3.5 from a newer Debian suite. */
export function etcdBinDir(): string {
  return join(cacheDir(), 'etcd-3.5', 'bin');
}

/** The cached etcd's release (`3.5.21`), which fetch-etcd.sh records next to its binaries. */
export function cachedEtcdVersion(): string {
  const version = readFileSync(join(cacheDir(), 'etcd-3.5', 'VERSION'), 'utf8').trim();
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`the cached etcd VERSION file holds "${version}", not a release such as 3.5.21`);
  return version;
}

/** Built node images (docker-archive tarballs). */
export function imageCacheDir(): string {
  return join(cacheDir(), 'images');
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Names of the provisioned binaries (Kubernetes, pause, etcd 3.5) that are not (yet) in the cache. */
export function missingKubernetesBinaries(): string[] {
  const missing: string[] = KUBERNETES_COMPONENTS.filter((c) => !executable(join(kubernetesBinDir(), c)));
  for (const tool of ['etcd', 'etcdctl']) if (!executable(join(etcdBinDir(), tool))) missing.push(`${tool} 3.5`);
  return missing;
}
