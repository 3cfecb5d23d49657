/**
 * kubernetesVersion: labels (stable, stable-1, latest…) resolve offline to the release this build
 * targets; explicit versions must be `v1.MINOR.PATCH` (the `v` is optional and added back) within the
 * supported minor range.
 */
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSION_LABELS, MIN_KUBERNETES_MINOR } from './constants.js';

export type VersionResult = { version: string } | { error: string };

const VERSION = /^v?1\.(\d+)\.(\d+)$/;

function defaultMinor(): number {
  return Number(VERSION.exec(DEFAULT_KUBERNETES_VERSION)![1]);
}

/** A supported version as `v1.x.y`, or what is wrong with the text. */
export function resolveKubernetesVersion(text: string): VersionResult {
  const value = text.trim();
  if (value === '' || KUBERNETES_VERSION_LABELS.includes(value)) return { version: DEFAULT_KUBERNETES_VERSION };
  const max = defaultMinor();
  const range = `v1.${MIN_KUBERNETES_MINOR}.x to v1.${max}.x`;
  const m = VERSION.exec(value);
  if (!m) {
    return {
      error: `${JSON.stringify(text)} is not a Kubernetes version: expected v1.MINOR.PATCH (e.g. ${DEFAULT_KUBERNETES_VERSION}) or one of the labels ${KUBERNETES_VERSION_LABELS.join(', ')}`,
    };
  }
  const minor = Number(m[1]);
  if (minor < MIN_KUBERNETES_MINOR || minor > max) {
    return { error: `${JSON.stringify(text)} is not supported: this minikubeadm deploys Kubernetes ${range}` };
  }
  return { version: `v1.${minor}.${Number(m[2])}` };
}
