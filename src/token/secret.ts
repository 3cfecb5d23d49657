/**
 * The bootstrap token Secret (kube-system/bootstrap-token-<id>, type bootstrap.kubernetes.io/token)
 * as kubeadm encodes it, and its parsing back. Expiration is absolute UTC RFC 3339: `expires` when
 * set, else now + ttl; a ttl of 0 means no expiration key.
 */
import type { BootstrapToken } from '../config/types.js';
import { BOOTSTRAP_TOKEN_SECRET_PREFIX, bootstrapTokenSecretName, parseBootstrapToken } from '../config/bootstrap-token.js';
import type { KubeObject } from '../kube/objects/types.js';

const SECRET_TYPE_BOOTSTRAP_TOKEN = 'bootstrap.kubernetes.io/token';
const TOKEN_NAMESPACE = 'kube-system';
const USAGE_PREFIX = 'usage-bootstrap-';

/** What a token Secret says, decoded. `secret` is secret: never log it. */
export interface TokenSecretData {
  id: string;
  secret: string;
  description?: string;
  /** RFC 3339 UTC, as stored. */
  expiration?: string;
  usages: string[];
  groups: string[];
}

/** Go's time.RFC3339 for a UTC time: no fractional seconds. */
export function formatRfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The expiration a token Secret gets now. `existing` is the one already stored for the same token:
 * a TTL-based token keeps it while it lies in the future, so re-running init does not rewrite the
 * Secret (it also does not extend the token's life; create a new token for that).
 */
export function tokenExpiration(token: BootstrapToken, now: Date, existing?: TokenSecretData): string | undefined {
  if (token.expires) return formatRfc3339(new Date(token.expires));
  const ttl = token.ttl.ms;
  if (ttl <= 0) return undefined;
  if (existing?.expiration && Date.parse(existing.expiration) > now.getTime()) return existing.expiration;
  return formatRfc3339(new Date(now.getTime() + ttl));
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The Secret for one configured token (its token string must be valid; config validation ensures it). */
export function buildTokenSecret(token: BootstrapToken, now: Date, existing?: TokenSecretData): KubeObject {
  const parts = parseBootstrapToken(token.token);
  if (!parts) throw new Error('buildTokenSecret: the token is not of the form [a-z0-9]{6}.[a-z0-9]{16}');
  const data: Record<string, string> = { 'token-id': b64(parts.id), 'token-secret': b64(parts.secret) };
  if (token.description) data['description'] = b64(token.description);
  const expiration = tokenExpiration(token, now, existing?.secret === parts.secret ? existing : undefined);
  if (expiration) data['expiration'] = b64(expiration);
  for (const usage of token.usages) data[`${USAGE_PREFIX}${usage}`] = b64('true');
  if (token.groups.length > 0) data['auth-extra-groups'] = b64(token.groups.join(','));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(parts.id), namespace: TOKEN_NAMESPACE },
    type: SECRET_TYPE_BOOTSTRAP_TOKEN,
    data,
  };
}

/** Decode a token Secret; `undefined` when it is not a well-formed bootstrap token Secret. */
export function parseTokenSecret(obj: KubeObject): TokenSecretData | undefined {
  if (obj['type'] !== SECRET_TYPE_BOOTSTRAP_TOKEN) return undefined;
  const raw = (obj['data'] ?? {}) as Record<string, string>;
  const get = (k: string): string | undefined => (raw[k] === undefined ? undefined : Buffer.from(raw[k]!, 'base64').toString('utf8'));
  const id = get('token-id');
  const secret = get('token-secret');
  if (!id || !secret || !parseBootstrapToken(`${id}.${secret}`)) return undefined;
  if (obj.metadata.name !== `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`) return undefined;
  const usages = Object.keys(raw)
    .filter((k) => k.startsWith(USAGE_PREFIX) && get(k) === 'true')
    .map((k) => k.slice(USAGE_PREFIX.length))
    .sort();
  const groups = (get('auth-extra-groups') ?? '').split(',').filter((g) => g !== '');
  const parsed: TokenSecretData = { id, secret, usages, groups };
  const description = get('description');
  if (description) parsed.description = description;
  const expiration = get('expiration');
  if (expiration) parsed.expiration = expiration;
  return parsed;
}

/** True when the Secret's expiration has passed (a token without one never expires). */
export function isExpired(data: TokenSecretData, now: Date): boolean {
  return data.expiration !== undefined && !(Date.parse(data.expiration) > now.getTime());
}
