/**
 * hostPath volumes of the static Pods (controlplane/volumes.go). A component's volumes are kept by
 * name, so a later mount of the same name (a user extraVolume) replaces an earlier default; the Pod
 * lists volumes and mounts sorted by name.
 */
import { dirname } from 'node:path';
import type { ExternalEtcd, HostPathMount, HostPathType } from '../config/types.js';

export interface PodVolume {
  name: string;
  hostPath: string;
  /** Written as `type:` even when empty, like kubeadm (a pointer in Go). */
  type: HostPathType;
}

export interface PodVolumeMount {
  name: string;
  mountPath: string;
  /** `false` is left out of the manifest (omitempty). */
  readOnly: boolean;
}

export const CA_CERTS_VOLUME = { name: 'ca-certs', path: '/etc/ssl/certs' } as const;
export const DEFAULT_FLEXVOLUME_DIR = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec';

/**
 * Directories `/etc/ssl/certs` may link into on some distributions; each is mounted into the API
 * server and controller-manager only when it exists on the host.
 */
export const CA_CERTS_EXTRA_PATHS: readonly string[] = [
  '/etc/pki/ca-trust',
  '/etc/pki/tls/certs',
  '/etc/ca-certificates',
  '/usr/share/ca-certificates',
  '/usr/local/share/ca-certificates',
];

/** `/etc/pki/ca-trust` → `etc-pki-ca-trust`. */
export function extraCAVolumeName(path: string): string {
  return path.replaceAll('/', '-').slice(1);
}

/** One component's hostPath volumes, unique by name. */
export class VolumeSet {
  private readonly mounts = new Map<string, HostPathMount>();

  /** Add (or replace, by name) a hostPath volume and its mount. */
  add(name: string, hostPath: string, mountPath: string, readOnly: boolean, pathType: HostPathType): this {
    this.mounts.set(name, { name, hostPath, mountPath, readOnly, pathType });
    return this;
  }

  /** User extraVolumes: their own pathType and readOnly; same-name defaults are replaced. */
  addExtra(extra: readonly HostPathMount[]): this {
    for (const v of extra) this.add(v.name, v.hostPath, v.mountPath, v.readOnly, v.pathType);
    return this;
  }

  /** Volumes sorted by name (VolumeMapToSlice). */
  volumes(): PodVolume[] {
    return this.sorted().map((m) => ({ name: m.name, hostPath: m.hostPath, type: m.pathType }));
  }

  /** Mounts sorted by name (VolumeMountMapToSlice). */
  volumeMounts(): PodVolumeMount[] {
    return this.sorted().map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly }));
  }

  private sorted(): HostPathMount[] {
    return [...this.mounts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/**
 * Directories holding an external etcd's CA, cert and key that are not already mounted (under
 * /etc/ssl/certs, an extra CA directory or the certificates dir), parents absorbing children;
 * mounted read-only as `etcd-certs-<i>` in sorted order. Prefix tests are plain string prefixes,
 * as in kubeadm.
 */
export function externalEtcdCertDirs(etcd: ExternalEtcd, certificatesDir: string): string[] {
  const dirs = new Set<string>();
  for (const file of [etcd.caFile, etcd.certFile, etcd.keyFile]) {
    const dir = dirname(file);
    if (dir === '.') continue;
    if (CA_CERTS_EXTRA_PATHS.some((p) => dir.startsWith(p)) || dir.startsWith(CA_CERTS_VOLUME.path) || dir.startsWith(certificatesDir)) continue;
    let covered = false;
    for (const existing of [...dirs].sort()) {
      if (existing.startsWith(dir)) dirs.delete(existing);
      else if (dir.startsWith(existing)) covered = true;
    }
    if (!covered) dirs.add(dir);
  }
  return [...dirs].sort();
}

/** Add the `etcd-certs-<i>` volumes for an external etcd. */
export function addExternalEtcdVolumes(set: VolumeSet, etcd: ExternalEtcd, certificatesDir: string): void {
  for (const [i, dir] of externalEtcdCertDirs(etcd, certificatesDir).entries()) {
    set.add(`etcd-certs-${i}`, dir, dir, true, 'DirectoryOrCreate');
  }
}
