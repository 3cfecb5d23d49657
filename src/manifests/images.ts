/**
 * Container images of the control plane (images.go): `<imageRepository>/<component>:<version tag>`,
 * and etcd `<repo>/etcd:<tag>` from the supported-versions table, with etcd.local overrides.
 */
import { DEFAULT_ETCD_VERSION, SUPPORTED_ETCD_VERSIONS } from '../config/constants.js';
import type { ClusterConfiguration } from '../config/types.js';

/** A Kubernetes version as an image tag: characters other than `[-\w.]` become `_` (`v1.32.0+abc` → `v1.32.0_abc`). */
export function versionToImageTag(version: string): string {
  return version.replace(/[^-\w.]/g, '_');
}

export function kubernetesImage(component: string, cluster: Pick<ClusterConfiguration, 'imageRepository' | 'kubernetesVersion'>): string {
  return `${cluster.imageRepository}/${component}:${versionToImageTag(cluster.kubernetesVersion)}`;
}

/** Minor version of `v1.32.4` (or `1.32`), or undefined when it is not a version. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return m ? Number(m[2]) : undefined;
}

export interface EtcdVersionChoice {
  version: string;
  /** Set when the Kubernetes minor is not in the table and the nearest entry was used. */
  warning?: string;
}

/**
 * The etcd version for a Kubernetes version: the table entry for its minor, else the nearest one
 * (lowest or highest) with a warning, else DEFAULT_ETCD_VERSION when the version does not parse.
 */
export function etcdVersionFor(kubernetesVersion: string, table: Readonly<Record<number, string>> = SUPPORTED_ETCD_VERSIONS): EtcdVersionChoice {
  const minor = kubernetesMinor(kubernetesVersion);
  if (minor === undefined) return { version: DEFAULT_ETCD_VERSION };
  const exact = table[minor];
  if (exact !== undefined) return { version: exact };
  const minors = Object.keys(table).map(Number).sort((a, b) => a - b);
  if (minors.length === 0) return { version: DEFAULT_ETCD_VERSION };
  const nearest = minor < minors[0]! ? minors[0]! : minors[minors.length - 1]!;
  const version = table[nearest]!;
  return {
    version,
    warning: `could not find officially supported version of etcd for Kubernetes ${kubernetesVersion}, falling back to the nearest etcd version (${version})`,
  };
}

/** The local etcd image, honouring etcd.local.imageRepository and imageTag. */
export function etcdImage(cluster: Pick<ClusterConfiguration, 'imageRepository' | 'kubernetesVersion' | 'etcd'>): EtcdVersionChoice & { image: string } {
  const local = cluster.etcd.local;
  const repo = local?.imageRepository || cluster.imageRepository;
  const choice = etcdVersionFor(cluster.kubernetesVersion);
  const tag = local?.imageTag || choice.version;
  return { ...choice, image: `${repo}/etcd:${tag}` };
}
