/**
 * Semantic versions as Kubernetes parses them (k8s.io/apimachinery util/version ParseSemantic):
 * an optional leading `v`, MAJOR.MINOR.PATCH, optional `-pre.release` and `+build`.
 * Pre-release ordering follows semver: numeric identifiers sort below alphanumeric ones, and a
 * version with a pre-release sorts below the same version without one (so `3.5.24-0` < `3.5.24`).
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
  text: string;
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemVer(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [], text: text.trim() };
}

const isNum = (s: string): boolean => /^\d+$/.test(s);

function comparePre(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (isNum(x) && isNum(y)) return Number(x) - Number(y);
    if (isNum(x)) return -1;
    if (isNum(y)) return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

/** `vMAJOR.MINOR.PATCH[-pre]`, the way Kubernetes prints a parsed version. */
export function formatSemVer(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}`;
}
