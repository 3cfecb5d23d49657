/**
 * Kubeconfig files: build one (kubeadm's CreateWithCerts / CreateWithToken), write it laid out as
 * client-go's clientcmd.Write does (keys in alphabetical order, `preferences: {}`, base64 data on one
 * line), parse one back, and read its current server, CA and credentials.
 */
import { parse, stringify } from 'yaml';
import { MinikubeadmError, messageOf } from '../errors.js';

export interface ClusterEntry {
  name: string;
  cluster: { 'certificate-authority'?: string; 'certificate-authority-data'?: string; server: string; [k: string]: unknown };
}

export interface ContextEntry {
  name: string;
  context: { cluster: string; user: string; namespace?: string };
}

export interface UserEntry {
  name: string;
  user: {
    'client-certificate'?: string;
    'client-certificate-data'?: string;
    'client-key'?: string;
    'client-key-data'?: string;
    token?: string;
    [k: string]: unknown;
  };
}

export interface Kubeconfig {
  apiVersion: string;
  clusters: ClusterEntry[];
  contexts: ContextEntry[];
  'current-context': string;
  kind: string;
  preferences: Record<string, unknown>;
  users: UserEntry[];
}

export interface KubeconfigInput {
  clusterName: string;
  server: string;
  /** PEM of the cluster CA, embedded as certificate-authority-data. */
  caCertPem: string;
  userName: string;
  /** Client certificate and key PEM (CreateWithCerts), or a bearer token (CreateWithToken). */
  clientCertPem?: string;
  clientKeyPem?: string;
  token?: string;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** One cluster, one user, one context `<user>@<cluster>`, which is current. */
export function buildKubeconfig(input: KubeconfigInput): Kubeconfig {
  const contextName = `${input.userName}@${input.clusterName}`;
  const user: UserEntry['user'] = {};
  if (input.clientCertPem !== undefined) user['client-certificate-data'] = b64(input.clientCertPem);
  if (input.clientKeyPem !== undefined) user['client-key-data'] = b64(input.clientKeyPem);
  if (input.token !== undefined) user.token = input.token;
  return {
    apiVersion: 'v1',
    clusters: [{ name: input.clusterName, cluster: { 'certificate-authority-data': b64(input.caCertPem), server: input.server } }],
    contexts: [{ name: contextName, context: { cluster: input.clusterName, user: input.userName } }],
    'current-context': contextName,
    kind: 'Config',
    preferences: {},
    users: [{ name: input.userName, user }],
  };
}

/** Sort object keys recursively, as clientcmd's JSON-to-YAML conversion does. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

export function serializeKubeconfig(config: Kubeconfig): string {
  return stringify(sorted(config), { lineWidth: 0, indentSeq: false });
}

function invalid(file: string, why: string): MinikubeadmError {
  return new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file ${file} ${why}`, {
    hint: `it was left untouched: fix it, or move ${file} away to have a new one generated`,
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = <T>(v: unknown): T[] => (Array.isArray(v) ? v.filter(isObject) : []) as T[];

/** Parse kubeconfig YAML; `file` names it in errors. Missing lists become empty. */
export function parseKubeconfig(text: string, file: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw invalid(file, `is not valid YAML: ${messageOf(e)}`);
  }
  if (!isObject(doc)) throw invalid(file, 'is not a kubeconfig (not a YAML mapping)');
  if (doc['kind'] !== undefined && doc['kind'] !== 'Config') throw invalid(file, `has kind "${String(doc['kind'])}", expected "Config"`);
  return {
    apiVersion: String(doc['apiVersion'] ?? 'v1'),
    clusters: listOf<ClusterEntry>(doc['clusters']),
    contexts: listOf<ContextEntry>(doc['contexts']),
    'current-context': String(doc['current-context'] ?? ''),
    kind: 'Config',
    preferences: isObject(doc['preferences']) ? doc['preferences'] : {},
    users: listOf<UserEntry>(doc['users']),
  };
}

export interface CurrentEntries {
  contextName: string;
  cluster: ClusterEntry;
  user: UserEntry;
}

/** The current context's cluster and user; `file` names the kubeconfig in errors. */
export function currentOf(config: Kubeconfig, file = 'kubeconfig'): CurrentEntries {
  const name = config['current-context'];
  const ctx = config.contexts.find((c) => c.name === name && isObject(c.context));
  if (!ctx) throw invalid(file, name ? `has current-context "${name}" but no context of that name` : 'has no current-context');
  const cluster = config.clusters.find((c) => c.name === ctx.context.cluster && isObject(c.cluster));
  if (!cluster) throw invalid(file, `has no cluster "${ctx.context.cluster}" (used by context "${name}")`);
  const user = config.users.find((u) => u.name === ctx.context.user && isObject(u.user));
  if (!user) throw invalid(file, `has no user "${ctx.context.user}" (used by context "${name}")`);
  return { contextName: name, cluster, user };
}

/** The API server URL of the current context. */
export function serverOf(config: Kubeconfig, file?: string): string {
  return String(currentOf(config, file).cluster.cluster.server ?? '');
}

const decoded = (data: unknown): Buffer | undefined => (typeof data === 'string' && data !== '' ? Buffer.from(data, 'base64') : undefined);

/** The embedded CA (PEM bytes) of the current context's cluster; `undefined` when it only names a file. */
export function caOf(config: Kubeconfig, file?: string): Buffer | undefined {
  return decoded(currentOf(config, file).cluster.cluster['certificate-authority-data']);
}

/** The embedded client certificate and key (PEM bytes) of the current user. */
export function clientCredentialsOf(config: Kubeconfig, file?: string): { cert: Buffer | undefined; key: Buffer | undefined } {
  const { user } = currentOf(config, file);
  return { cert: decoded(user.user['client-certificate-data']), key: decoded(user.user['client-key-data']) };
}
