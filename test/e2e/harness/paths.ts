// Where test/e2e/provision/build-kubernetes.sh caches the Kubernetes binaries.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const KUBERNETES_VERSION = 'v1.20.2';
export const KUBERNETES_COMPONENTS = ['kubeadm', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet'] as const;

/** ${MINIKUBEADM_CACHE:-$HOME/.cache/minikubeadm} */
export function cacheDir(): string {
  return process.env['MINIKUBEADM_CACHE'] || join(homedir(), '.cache', 'minikubeadm');
}

/** Directory holding the five cached Kubernetes binaries. */
export function kubernetesBinDir(): string {
  return join(cacheDir(), `kubernetes-${KUBERNETES_VERSION}`, 'bin');
}

/** Directories searched for component binaries, cached Kubernetes first. */
export function componentPath(extra: readonly string[] = []): string[] {
  return [...extra, kubernetesBinDir(), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
}

/** Names of the Kubernetes binaries that are not (yet) in the cache. */
export function missingKubernetesBinaries(): string[] {
  return KUBERNETES_COMPONENTS.filter((c) => {
    try {
      accessSync(join(kubernetesBinDir(), c), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}
