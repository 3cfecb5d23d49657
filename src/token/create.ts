/**
 * `token create`: the token a user asks for from the command line, checked by kubeadm's rules (each
 * problem names the flag), and its Secret created in kube-system or, when a token with that id is
 * already there, updated (kubeadm's UpdateOrCreateTokens).
 */
import { DEFAULT_TOKEN_GROUPS, DEFAULT_TOKEN_TTL, DEFAULT_TOKEN_USAGES } from '../config/constants.js';
import { BOOTSTRAP_TOKEN_PATTERN, generateBootstrapToken, isValidBootstrapToken, validateBootstrapGroupName, validateUsages } from '../config/bootstrap-token.js';
import { duration } from '../config/duration.js';
import type { BootstrapToken } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import type { KubeClient } from '../kube/client/client.js';
import { isApiError } from '../kube/client/errors.js';
import { buildTokenSecret } from './secret.js';

/** kubeadm's pattern, as its messages print it. */
export const TOKEN_PATTERN_TEXT = String.raw`\A([a-z0-9]{6})\.([a-z0-9]{16})\z`;
export const TOKEN_ID_PATTERN_TEXT = String.raw`\A([a-z0-9]{6})\z`;

export interface TokenFlags {
  /** The positional `[token]`; generated when absent. */
  token?: string;
  ttl?: string;
  usages?: readonly string[];
  groups?: readonly string[];
  description?: string;
}

/** What is wrong with a token string, without repeating it (the secret half must not be shown). */
export function tokenShapeProblem(token: string): string | undefined {
  if (isValidBootstrapToken(token)) return undefined;
  const dot = token.indexOf('.');
  if (dot < 0) return `it has no "." between the 6-character id and the 16-character secret (${token.length} characters given)`;
  const [id, secret] = [token.slice(0, dot), token.slice(dot + 1)];
  if (!/^[a-z0-9]{6}$/.test(id)) return `its id (before the ".") must be 6 characters from [a-z0-9], got ${id.length} character(s)${/[^a-z0-9]/.test(id) ? ' with characters outside [a-z0-9]' : ''}`;
  return `its secret (after the ".") must be 16 characters from [a-z0-9], got ${secret.length} character(s)${/[^a-z0-9]/.test(secret) ? ' with characters outside [a-z0-9]' : ''}`;
}

/** The token the flags describe, or FLAG_INVALID listing every problem, each with its flag. */
export function tokenFromFlags(flags: TokenFlags, generate: () => string = generateBootstrapToken): BootstrapToken {
  const problems: string[] = [];
  if (flags.token !== undefined) {
    const shape = tokenShapeProblem(flags.token);
    if (shape) problems.push(`[token]: the bootstrap token was not of the form "${TOKEN_PATTERN_TEXT}": ${shape}`);
  }
  const ttl = duration(flags.ttl ?? DEFAULT_TOKEN_TTL);
  if (Number.isNaN(ttl.ms)) problems.push(`--ttl: ${JSON.stringify(flags.ttl)} is not a duration (e.g. 1s, 2m, 3h; 0 means the token never expires)`);
  else if (ttl.ms < 0) problems.push(`--ttl: must not be negative, got ${JSON.stringify(flags.ttl)} (0 means the token never expires)`);
  const usages = [...(flags.usages ?? DEFAULT_TOKEN_USAGES)];
  const usage = validateUsages(usages);
  if (usage) problems.push(`--usages: ${usage}`);
  // As in the config: the default group only comes with the authentication usage.
  const groups = [...(flags.groups ?? (usages.includes('authentication') ? DEFAULT_TOKEN_GROUPS : []))];
  if (groups.length > 0 && !usages.includes('authentication')) problems.push('--groups: token groups cannot be specified unless --usages includes "authentication"');
  for (const g of groups) {
    const bad = validateBootstrapGroupName(g);
    if (bad) problems.push(`--groups: ${bad}`);
  }
  if (flags.description !== undefined && flags.description.length > 1024) problems.push('--description: is longer than 1024 characters');
  if (problems.length > 0) {
    throw new MinikubeadmError('FLAG_INVALID', problems.join('\n'), {
      hint: 'e.g. `minikubeadm token create --ttl 2h --usages signing,authentication --groups system:bootstrappers:kubeadm:default-node-token`; a token is [a-z0-9]{6}.[a-z0-9]{16} (`minikubeadm token generate` prints one)',
    });
  }
  const token: BootstrapToken = { token: flags.token ?? generate(), ttl, usages, groups };
  if (flags.description) token.description = flags.description;
  return token;
}

/** Create the token's Secret, or update it when a token with the same id exists. */
export async function createTokenSecret(client: KubeClient, token: BootstrapToken, now: Date): Promise<'created' | 'updated'> {
  const secret = buildTokenSecret(token, now);
  try {
    await client.create(secret);
    return 'created';
  } catch (e) {
    if (!isApiError(e, 'AlreadyExists') && !isApiError(e, 'Conflict')) throw e;
  }
  await client.replace(secret);
  return 'updated';
}

/** `undefined` for a valid id (`abcdef`) or full token; else kubeadm's message. */
export function tokenIdOf(arg: string): string | undefined {
  if (/^[a-z0-9]{6}$/.test(arg)) return arg;
  const m = BOOTSTRAP_TOKEN_PATTERN.exec(arg);
  return m ? m[1] : undefined;
}
