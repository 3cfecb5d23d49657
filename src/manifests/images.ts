/**
 * Container images of the control plane (images.go): `<imageRepository>/<component>:<version tag>`,
 * etcd `<repo>/etcd:<tag>` and pause from the version table, with etcd.local overrides.
 */
import type { ClusterConfiguration } from '../config/types.js';
import { parseKubernetesVersion, releaseFor, releaseOfMinor } from '../versions/release.js';

/** A Kubernetes version as an image tag: characters other than `[-\w.]` become `_` (`v1.32.0+abc` → `v1.32.0_abc`). */
export function versionToImageTag(version: string): string {
  return version.replace(/[^-\w.]/g, '_');
}

export function kubernetesImage(component: string, cluster: Pick<ClusterConfiguration, 'imageRepository' | 'kubernetesVersion'>): string {
  return `${cluster.imageRepository}/${component}:${versionToImageTag(cluster.kubernetesVersion)}`;
}

export interface EtcdVersionChoice {
  version: string;
  /** Set when the Kubernetes minor is not in the table and the nearest row was used. */
  warning?: string;
}

/** The etcd tag kubeadm pins for a Kubernetes version (the version table), else the nearest row's with a warning. */
export function etcdVersionFor(kubernetesVersion: string): EtcdVersionChoice {
  const v = parseKubernetesVersion(kubernetesVersion);
  const version = releaseFor(kubernetesVersion).images.etcd;
  if (v === undefined || releaseOfMinor(v.minor)) return { version };
  return {
    version,
    warning: `could not find officially supported version of etcd for Kubernetes ${kubernetesVersion}, falling back to the nearest etcd version (${version})`,
  };
}

/** images.GetPauseImage: `<imageRepository>/pause:<the pause tag of this version>`. */
export function pauseImage(cluster: Pick<ClusterConfiguration, 'imageRepository' | 'kubernetesVersion'>): string {
  return `${cluster.imageRepository}/pause:${releaseFor(cluster.kubernetesVersion).images.pause}`;
}

/** The local etcd image, honouring etcd.local.imageRepository and imageTag. */
export function etcdImage(cluster: Pick<ClusterConfiguration, 'imageRepository' | 'kubernetesVersion' | 'etcd'>): EtcdVersionChoice & { image: string } {
  const repo = cluster.etcd.local?.imageRepository || cluster.imageRepository;
  return { ...etcdVersionFor(cluster.kubernetesVersion), image: `${repo}/etcd:${etcdImageTag(cluster)}` };
}

/** The local etcd image's tag: etcd.local.imageTag, else the one pinned for the Kubernetes version. */
export function etcdImageTag(cluster: Pick<ClusterConfiguration, 'kubernetesVersion' | 'etcd'>): string {
  return cluster.etcd.local?.imageTag || etcdVersionFor(cluster.kubernetesVersion).version;
}
