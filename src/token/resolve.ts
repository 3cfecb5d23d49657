/**
 * The bootstrap tokens of one run. Token strings the user gave are used as given. A token the user
 * did not give (empty, or generated while defaulting and marked `generated: true`) becomes, in this
 * order: an existing, unexpired token Secret of the cluster with the same usages,
 * groups and description (so a second `init` on the same node changes nothing, where kubeadm would
 * add one more token); or the generated one. The run resolves them once (the context's `tokens()`),
 * so bootstrap-token and show-join-command agree.
 */
import { generateBootstrapToken, tokenFromIdAndSecret } from '../config/bootstrap-token.js';
import type { BootstrapToken } from '../config/types.js';
import type { KubeClient } from '../kube/client/client.js';
import { type TokenSecretData, isExpired, parseTokenSecret } from './secret.js';

export interface ResolvedToken extends BootstrapToken {
  /** Where the token string came from. */
  origin: 'config' | 'existing' | 'generated';
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * An existing token Secret that can stand in for `spec`: same usages, groups and description, not
 * expired, and with an expiration exactly when the spec has one. The one that lives longest wins
 * (ties: the smallest id), so the choice is stable across runs.
 */
export function pickReusableToken(secrets: readonly TokenSecretData[], spec: BootstrapToken, now: Date): TokenSecretData | undefined {
  const expires = Boolean(spec.expires) || spec.ttl.ms > 0;
  const fits = secrets.filter(
    (s) =>
      sameSet(s.usages, spec.usages) &&
      sameSet(s.groups, spec.groups) &&
      (s.description ?? '') === (spec.description ?? '') &&
      (s.expiration !== undefined) === expires &&
      !isExpired(s, now),
  );
  const life = (s: TokenSecretData): number => (s.expiration === undefined ? Infinity : Date.parse(s.expiration));
  fits.sort((a, b) => life(b) - life(a) || a.id.localeCompare(b.id));
  return fits[0];
}

/** Token Secrets in kube-system, decoded (malformed ones are ignored). */
export async function listTokenSecrets(client: KubeClient): Promise<TokenSecretData[]> {
  const secrets = await client.list('v1', 'Secret', 'kube-system');
  return secrets.map(parseTokenSecret).filter((s): s is TokenSecretData => s !== undefined);
}

/** The user did not choose this token string: it may be replaced by an existing token of the cluster. */
export function isUnchosen(spec: BootstrapToken): boolean {
  return !spec.token || spec.generated === true;
}

/** The tokens of a run: the configured ones, unchosen ones replaced by reusable tokens of the cluster. */
export async function resolveTokens(specs: readonly BootstrapToken[], client: KubeClient, now: Date): Promise<ResolvedToken[]> {
  const needsPick = specs.some(isUnchosen);
  const existing = needsPick && !client.dryRun ? await listTokenSecrets(client) : [];
  const taken = new Set<string>();
  return specs.map((spec): ResolvedToken => {
    if (!isUnchosen(spec)) return { ...spec, origin: 'config' };
    const reuse = pickReusableToken(existing.filter((s) => !taken.has(s.id)), spec, now);
    if (reuse) {
      taken.add(reuse.id);
      return { ...spec, token: tokenFromIdAndSecret(reuse.id, reuse.secret), origin: 'existing' };
    }
    return { ...spec, token: spec.token || generateBootstrapToken(), origin: 'generated' };
  });
}

/** `abcdef.****************`: enough to recognise a token in logs without revealing it. */
export function maskToken(token: string): string {
  const dot = token.indexOf('.');
  return dot < 0 ? '<invalid token>' : `${token.slice(0, dot)}.${'*'.repeat(token.length - dot - 1)}`;
}
