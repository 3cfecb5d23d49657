/**
 * The row of the version table for a Kubernetes version, and what follows from it: the supported
 * range, the default version, labels resolved offline, and the state of each kubeadm feature gate.
 */
import { type GateState, type MinorRelease, RELEASES } from './table.js';

export type { GateState, MinorRelease } from './table.js';

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

/** Major, minor and patch of `v1.35.2` (pre-release and build suffixes ignored), or undefined. */
export function parseKubernetesVersion(version: string): { major: number; minor: number; patch: number } | undefined {
  const m = VERSION.exec(version.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

export const OLDEST_MINOR = RELEASES[0]!.minor;
export const NEWEST_MINOR = RELEASES[RELEASES.length - 1]!.minor;

/** `v1.MINOR.PATCH` of the newest patch this build knows of a minor. */
export function latestPatchVersion(release: MinorRelease): string {
  return `v1.${release.minor}.${release.latestPatch}`;
}

/** The default Kubernetes version: the newest known patch of the newest supported minor. */
export const DEFAULT_VERSION = latestPatchVersion(RELEASES[RELEASES.length - 1]!);

/** The table row of a minor, or undefined outside the supported range. */
export function releaseOfMinor(minor: number): MinorRelease | undefined {
  return RELEASES.find((r) => r.minor === minor);
}

/**
 * The row for a Kubernetes version. A version outside the range (config validation refuses those
 * first) or one that does not parse gets the nearest row, so rendering never guesses.
 */
export function releaseFor(version: string): MinorRelease {
  const v = parseKubernetesVersion(version);
  if (!v) return RELEASES[RELEASES.length - 1]!;
  if (v.minor <= OLDEST_MINOR) return RELEASES[0]!;
  return releaseOfMinor(v.minor) ?? RELEASES[RELEASES.length - 1]!;
}

/** Labels kubeadm resolves over the network; here they resolve from the table. */
export const VERSION_LABELS = ['stable', 'stable-1', 'latest', 'latest-1'] as const;

/**
 * `stable`, `latest` and their major-version forms `stable-1`, `latest-1` → the default;
 * `stable-1.36`, `latest-1.36` → the newest known patch of v1.36 (an error outside the table).
 * Undefined when the text is not a label.
 */
export function resolveVersionLabel(label: string): { version: string } | { error: string } | undefined {
  if ((VERSION_LABELS as readonly string[]).includes(label)) return { version: DEFAULT_VERSION };
  const m = /^(?:stable|latest)-1\.(\d+)$/.exec(label);
  if (!m) return undefined;
  const release = releaseOfMinor(Number(m[1]));
  if (!release) return { error: `the version label "${label}" names Kubernetes v1.${m[1]}, which this minikubeadm does not deploy (v1.${OLDEST_MINOR} to v1.${NEWEST_MINOR})` };
  return { version: latestPatchVersion(release) };
}

/** The state of a kubeadm feature gate in the release of `version`; undefined when that release does not know it. */
export function gateState(version: string, gate: string): GateState | undefined {
  return releaseFor(version).featureGates[gate];
}

/**
 * Whether a feature gate's behaviour is on: the config's value where the gate can still be set,
 * else the release's fixed behaviour (GA gates are locked on, removed gates keep their last state).
 */
export function featureEnabled(version: string, featureGates: Readonly<Record<string, boolean>>, gate: string): boolean {
  const state = gateState(version, gate);
  if (!state) return false;
  if (state.stage === 'removed' || state.stage === 'ga') return state.enabled;
  return featureGates[gate] ?? state.enabled;
}

/** The version is at or past the first patch `from` names in its minor's row (null: no patch of that minor). */
function fromPatch(version: string, from: (r: MinorRelease) => number | null): boolean {
  const first = from(releaseFor(version));
  const v = parseKubernetesVersion(version);
  return first !== null && v !== undefined && v.patch >= first;
}

/** User extraArgs keep their order (kubeadm v1.35.1+ sorts only its own defaults). */
export function keepsUserArgOrder(version: string): boolean {
  return fromPatch(version, (r) => r.manifests.userArgsOrderFromPatch);
}

/** The API server's kubelet client is bound to system:kubelet-api-admin, without an Organization (kubeadm 1.37, 1.36.1, 1.35.5, 1.34.8, 1.33.12). */
export function usesKubeletAPIAdminRole(version: string): boolean {
  return fromPatch(version, (r) => r.rbac.kubeletAPIAdminRoleFromPatch);
}
