/**
 * kubernetesVersion: labels (stable, stable-1, stable-1.36, latest…) resolve offline from the
 * version table; explicit versions must be `v1.MINOR.PATCH` (the `v` is optional and added back)
 * within the supported minor range.
 */
import { DEFAULT_VERSION, NEWEST_MINOR, OLDEST_MINOR, VERSION_LABELS, resolveVersionLabel } from '../versions/release.js';

export type VersionResult = { version: string } | { error: string };

const VERSION = /^v?1\.(\d+)\.(\d+)$/;

/** A supported version as `v1.x.y`, or what is wrong with the text. */
export function resolveKubernetesVersion(text: string): VersionResult {
  const value = text.trim();
  if (value === '') return { version: DEFAULT_VERSION };
  const labelled = resolveVersionLabel(value);
  if (labelled) return labelled;
  const range = `v1.${OLDEST_MINOR}.x to v1.${NEWEST_MINOR}.x`;
  const m = VERSION.exec(value);
  if (!m) {
    return {
      error: `${JSON.stringify(text)} is not a Kubernetes version: expected v1.MINOR.PATCH (e.g. ${DEFAULT_VERSION}) or one of the labels ${VERSION_LABELS.join(', ')}, stable-1.MINOR`,
    };
  }
  const minor = Number(m[1]);
  if (minor < OLDEST_MINOR || minor > NEWEST_MINOR) {
    return { error: `${JSON.stringify(text)} is not supported: this minikubeadm deploys Kubernetes ${range}` };
  }
  return { version: `v1.${minor}.${Number(m[2])}` };
}
