/** Container environment of the static Pods: proxy variables of the host plus the user's extraEnvs. */
import type { EnvVar } from '../config/types.js';

/** Variables whose name ends in `_proxy` (any case) and whose value is not empty, like kubeadm's GetProxyEnvVars. */
export function proxyEnvVars(env: Readonly<Record<string, string | undefined>>): EnvVar[] {
  return Object.entries(env)
    .filter(([name, value]) => name.toLowerCase().endsWith('_proxy') && value !== undefined && value !== '')
    .map(([name, value]) => ({ name, value: value as string }));
}

/** Later lists override earlier ones by name; the result is sorted by name (MergeKubeadmEnvVars). */
export function mergeEnvVars(...lists: readonly (readonly EnvVar[])[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const list of lists) for (const env of list) byName.set(env.name, env);
  return [...byName.values()].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}
