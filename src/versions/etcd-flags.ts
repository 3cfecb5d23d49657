/**
 * The etcd flags that depend on the etcd release rather than on Kubernetes: etcd 3.6 replaced the
 * `--experimental-*` flags kubeadm sets with a feature gate and a plain flag, and kubeadm (v1.34+)
 * picks the set matching the etcd image it runs, so an older etcd image keeps working.
 */
import type { Arg } from '../config/types.js';

interface EtcdFlagSet {
  /** First etcd minor (3.x) this set applies to. */
  fromMinor: number;
  args: readonly Arg[];
}

/** Newest first. */
const FLAG_SETS: readonly EtcdFlagSet[] = [
  {
    fromMinor: 6,
    args: [
      { name: 'feature-gates', value: 'InitialCorruptCheck=true' },
      { name: 'watch-progress-notify-interval', value: '5s' },
    ],
  },
  {
    fromMinor: 0,
    args: [
      { name: 'experimental-initial-corrupt-check', value: 'true' },
      { name: 'experimental-watch-progress-notify-interval', value: '5s' },
    ],
  },
];

/** `3.6.5-0` or `v3.5.21` → {major, minor}; undefined for a tag that is not a version (e.g. `latest`). */
export function etcdTagVersion(tag: string): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(tag.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/**
 * The release-dependent flags for an etcd image tag. A tag that does not name a version gets the
 * flags of `fallbackTag` (the tag kubeadm pins for the Kubernetes version).
 */
export function etcdVersionFlags(tag: string, fallbackTag: string): Arg[] {
  const v = etcdTagVersion(tag) ?? etcdTagVersion(fallbackTag) ?? { major: 3, minor: 6 };
  const set = v.major > 3 ? FLAG_SETS[0]! : (FLAG_SETS.find((s) => v.minor >= s.fromMinor) ?? FLAG_SETS[FLAG_SETS.length - 1]!);
  return set.args.map((a) => ({ ...a }));
}
