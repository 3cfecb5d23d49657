/**
 * Bootstrap token format, as k8s.io/cluster-bootstrap defines it: `<id>.<secret>` with a 6-character
 * id and a 16-character secret drawn from [0-9a-z], auth groups under `system:bootstrappers:` and the
 * usages `signing` / `authentication`. The secret half is never put into a message.
 */
import { randomInt } from 'node:crypto';

/** The whole token: `[a-z0-9]{6}.[a-z0-9]{16}` (JS `^…$` without the m flag anchors like Go's `\A…\z`). */
export const BOOTSTRAP_TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const BOOTSTRAP_TOKEN_ID_PATTERN = /^([a-z0-9]{6})$/;
const BOOTSTRAP_GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
/** Human form of the token pattern, for messages. */
export const BOOTSTRAP_TOKEN_FORMAT = '[a-z0-9]{6}.[a-z0-9]{16}';

const BOOTSTRAP_TOKEN_ID_BYTES = 6;
const BOOTSTRAP_TOKEN_SECRET_BYTES = 16;
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
const KNOWN_TOKEN_USAGES: readonly string[] = ['signing', 'authentication'];

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface BootstrapTokenParts {
  id: string;
  secret: string;
}

/** `n` characters, each drawn uniformly from [0-9a-z] with the system CSPRNG. */
export function randomTokenString(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A fresh random token `<6>.<16>`. */
export function generateBootstrapToken(): string {
  return tokenFromIdAndSecret(randomTokenString(BOOTSTRAP_TOKEN_ID_BYTES), randomTokenString(BOOTSTRAP_TOKEN_SECRET_BYTES));
}

export function tokenFromIdAndSecret(id: string, secret: string): string {
  return `${id}.${secret}`;
}

/** Name of the Secret in kube-system that holds the token with this id. */
export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

export function isValidBootstrapToken(token: string): boolean {
  return BOOTSTRAP_TOKEN_PATTERN.test(token);
}

export function isValidBootstrapTokenId(id: string): boolean {
  return BOOTSTRAP_TOKEN_ID_PATTERN.test(id);
}

/** Id and secret of a well-formed token, `undefined` otherwise (the caller names the field; the value is secret). */
export function parseBootstrapToken(token: string): BootstrapTokenParts | undefined {
  const m = BOOTSTRAP_TOKEN_PATTERN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** `undefined` when the group name is acceptable, else what is wrong with it. */
export function validateBootstrapGroupName(group: string): string | undefined {
  if (BOOTSTRAP_GROUP_PATTERN.test(group)) return undefined;
  // kubeadm prints Go's pattern: \A and \z where a JS pattern has ^ and $.
  const go = String.raw`\A` + BOOTSTRAP_GROUP_PATTERN.source.slice(1, -1) + String.raw`\z`;
  return `bootstrap group ${JSON.stringify(group)} is invalid (must match ${go})`;
}

/** `undefined` when every usage is known, else the first unknown one and the valid options. */
export function validateUsages(usages: readonly string[]): string | undefined {
  const bad = usages.filter((u) => !KNOWN_TOKEN_USAGES.includes(u));
  if (bad.length === 0) return undefined;
  return `invalid bootstrap token usage string: ${bad.join(',')}, valid usage options: ${KNOWN_TOKEN_USAGES.join(',')}`;
}
