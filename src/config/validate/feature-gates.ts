/**
 * ClusterConfiguration.featureGates against the gates of the configured Kubernetes version (the
 * version table): unknown and removed gates are refused, GA gates cannot be turned off, and a
 * deprecated gate set to true is a warning.
 */
import type { Reporter } from '../report.js';
import { RELEASES } from '../../versions/table.js';
import { parseKubernetesVersion, releaseFor } from '../../versions/release.js';

const C = 'ClusterConfiguration';

/** The first minor of the table that lists `gate` as removed. */
function removedIn(gate: string): number | undefined {
  return RELEASES.find((r) => r.featureGates[gate]?.stage === 'removed')?.minor;
}

export function checkFeatureGates(gates: Readonly<Record<string, boolean>>, kubernetesVersion: string, r: Reporter): void {
  const release = releaseFor(kubernetesVersion);
  const version = parseKubernetesVersion(kubernetesVersion) ? kubernetesVersion : `v1.${release.minor}`;
  const settable = Object.entries(release.featureGates)
    .filter(([, s]) => s.stage !== 'removed')
    .map(([name]) => name)
    .sort();
  for (const [gate, value] of Object.entries(gates)) {
    const path = `${C}.featureGates.${gate}`;
    const state = release.featureGates[gate];
    if (!state) {
      r.add(path, `${gate} is not a valid kubeadm feature gate for Kubernetes ${version}: known gates are ${settable.join(', ')}`);
    } else if (state.stage === 'removed') {
      const since = removedIn(gate);
      r.add(path, `feature gate ${gate} was removed in v1.${since ?? release.minor}${state.enabled ? ' and its behaviour is always on' : ''}: delete it from featureGates`);
    } else if (state.stage === 'ga' && value !== state.enabled) {
      r.add(path, `feature gate ${gate} is GA and locked to ${state.enabled} in Kubernetes ${version}: delete it from featureGates`);
    } else if (state.stage === 'deprecated' && value) {
      r.warn(`feature gate ${gate} is deprecated and will be removed in a future release`);
    }
  }
}
