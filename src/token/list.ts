/**
 * `token list`: the token Secrets of kube-system as kubeadm prints them. Text: one tabwriter per
 * token, so only the first block carries the header and later rows align on their own (kubeadm's
 * quirk, kept so scripts that parse it keep working); TTL and the other cells padded with kubeadm's
 * format widths. JSON/YAML: one `BootstrapToken` object (output.kubeadm.k8s.io/v1alpha3) per token.
 */
import { BOOTSTRAP_TOKEN_SECRET_PREFIX, tokenFromIdAndSecret } from '../config/bootstrap-token.js';
import type { KubeClient } from '../kube/client/client.js';
import type { KubeObject } from '../kube/objects/types.js';
import { shortHumanDuration } from '../output/human-duration.js';
import { outputObject, rfc3339 } from '../output/printer.js';
import { tabwrite } from '../output/tabwriter.js';
import { type TokenSecretData, parseTokenSecret } from './secret.js';

export const SECRET_TYPE_BOOTSTRAP_TOKEN = 'bootstrap.kubernetes.io/token';

export interface ListedTokens {
  tokens: TokenSecretData[];
  /** Secrets of the token type that are not well-formed tokens: what kubeadm prints on stderr. */
  problems: string[];
}

/** Why a Secret of the bootstrap token type cannot be read as a token. */
function secretProblem(obj: KubeObject): string {
  const raw = (obj['data'] ?? {}) as Record<string, string>;
  const id = raw['token-id'] === undefined ? undefined : Buffer.from(raw['token-id'], 'base64').toString('utf8');
  if (!id) return `bootstrap token secret ${JSON.stringify(obj.metadata.name)} has no token-id`;
  if (obj.metadata.name !== `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`) {
    return `bootstrap token name is not of the form '${BOOTSTRAP_TOKEN_SECRET_PREFIX}(token-id)'. Actual: ${JSON.stringify(obj.metadata.name)}. Expected: ${JSON.stringify(`${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`)}`;
  }
  return `bootstrap token secret ${JSON.stringify(obj.metadata.name)} has no valid token-secret`;
}

/** The token Secrets of the cluster, in the API server's order. */
export async function listTokens(client: KubeClient): Promise<ListedTokens> {
  const secrets = await client.list('v1', 'Secret', 'kube-system', undefined, `type=${SECRET_TYPE_BOOTSTRAP_TOKEN}`);
  const out: ListedTokens = { tokens: [], problems: [] };
  for (const s of secrets) {
    if (s['type'] !== SECRET_TYPE_BOOTSTRAP_TOKEN) continue;
    const parsed = parseTokenSecret(s);
    if (parsed) out.tokens.push(parsed);
    else out.problems.push(secretProblem(s));
  }
  return out;
}

const orNone = (s: string): string => (s === '' ? '<none>' : s);

/** kubeadm's rows; an empty list prints nothing, not even the header. */
export function tokenTable(tokens: readonly TokenSecretData[], now: Date): string {
  return tokens
    .map((t, i) => {
      const expires = t.expiration === undefined ? undefined : new Date(t.expiration);
      const ttl = expires === undefined ? '<forever>' : shortHumanDuration(expires.getTime() - now.getTime());
      const cells = [
        tokenFromIdAndSecret(t.id, t.secret),
        ttl.padEnd(9),
        expires === undefined ? '<never>' : rfc3339(expires),
        orNone(t.usages.join(',')).padEnd(22),
        orNone(t.description ?? '').padEnd(56),
        orNone(t.groups.join(',')),
      ];
      const header = i === 0 ? 'TOKEN\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS\n' : '';
      return tabwrite(`${header}${cells.join('\t')}\n`);
    })
    .join('');
}

/** The `BootstrapToken` output object of one token (fields in Go's order, empty ones left out). */
export function tokenOutput(t: TokenSecretData): Record<string, unknown> {
  const fields: Record<string, unknown> = { token: tokenFromIdAndSecret(t.id, t.secret) };
  if (t.description) fields['description'] = t.description;
  if (t.expiration !== undefined) fields['expires'] = rfc3339(new Date(t.expiration));
  if (t.usages.length > 0) fields['usages'] = t.usages;
  if (t.groups.length > 0) fields['groups'] = t.groups;
  return outputObject('BootstrapToken', fields);
}
