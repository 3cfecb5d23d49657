/**
 * Kubeconfig files, the only reader and writer of them: build one (kubeadm's CreateWithCerts /
 * CreateWithToken), write it laid out as client-go's clientcmd.Write does (keys in alphabetical
 * order, `preferences: {}`, base64 data on one line), parse one back, and read its current server,
 * CA and credentials, embedded or in files named relative to the kubeconfig (as clientcmd resolves them).
 */
import { dirname, resolve } from 'node:path';
import { MinikubeadmError, messageOf } from '../errors.js';
import { parseYaml, toYaml } from '../yaml.js';

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

export function serializeKubeconfig(config: Kubeconfig): string {
  return toYaml(config, 'kubeadm');
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
    doc = parseYaml(text);
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
  if (!ctx) throw invalid(file, name ? `has current-context "${name}" but no context of that name` : 'has no current-context: current-context is not set, so no cluster or user is selected');
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

/** Reads a file a kubeconfig refers to; `undefined` when it does not exist. */
export type ReadFile = (path: string) => Promise<string | undefined>;

/**
 * Embedded data (`<field>-data`) or the file `<field>` names (relative to the kubeconfig's
 * directory, as clientcmd resolves it), with the name of where it came from.
 */
export async function material(file: string, entry: Record<string, unknown>, field: string, read: ReadFile): Promise<{ text: string; source: string } | undefined> {
  const data = entry[`${field}-data`];
  if (typeof data === 'string' && data !== '') return { text: Buffer.from(data, 'base64').toString('utf8'), source: `${file} (${field}-data)` };
  const path = entry[field];
  if (typeof path !== 'string' || path === '') return undefined;
  const full = resolve(dirname(file), path);
  const text = await read(full);
  if (text === undefined) throw invalid(file, `refers to ${field} ${full}, which does not exist`);
  return { text, source: full };
}

/** The current context's cluster: its name, server and CA (PEM, read from a file when it names one). */
export interface CurrentCluster {
  name: string;
  server: string;
  caPem: string;
}

export async function currentCluster(config: Kubeconfig, file: string, read: ReadFile): Promise<CurrentCluster> {
  const { cluster } = currentOf(config, file);
  const server = typeof cluster.cluster.server === 'string' ? cluster.cluster.server : '';
  if (server === '') throw invalid(file, `has no server for cluster "${cluster.name}"`);
  const ca = await material(file, cluster.cluster, 'certificate-authority', read);
  if (ca === undefined) throw invalid(file, `has no certificate authority for cluster "${cluster.name}" (certificate-authority-data or certificate-authority)`);
  return { name: cluster.name, server, caPem: ca.text };
}

/** What an API client needs from a kubeconfig: where, whom to trust, and who it is. */
export interface Connection {
  server: string;
  /** CA PEM; absent with insecure-skip-tls-verify. */
  caPem?: string;
  insecure: boolean;
  certPem?: string;
  keyPem?: string;
  token?: string;
}

export async function connectionOf(config: Kubeconfig, file: string, read: ReadFile): Promise<Connection> {
  const { cluster, user } = currentOf(config, file);
  const server = typeof cluster.cluster.server === 'string' ? cluster.cluster.server : '';
  if (server === '') throw invalid(file, `has no server for cluster "${cluster.name}"`);
  const insecure = cluster.cluster['insecure-skip-tls-verify'] === true;
  const ca = await material(file, cluster.cluster, 'certificate-authority', read);
  const cert = await material(file, user.user, 'client-certificate', read);
  const key = await material(file, user.user, 'client-key', read);
  const tokenFile = typeof user.user['tokenFile'] === 'string' ? resolve(dirname(file), user.user['tokenFile']) : undefined;
  const token = typeof user.user.token === 'string' && user.user.token !== '' ? user.user.token : tokenFile ? (await read(tokenFile))?.trim() : undefined;
  const connection: Connection = { server, insecure };
  if (ca) connection.caPem = ca.text;
  if (cert) connection.certPem = cert.text;
  if (key) connection.keyPem = key.text;
  if (token) connection.token = token;
  return connection;
}

/**
 * kubelet-finalize: the current user's credentials point at the kubelet's rotating certificate file
 * instead of embedded data. `undefined` when they already do.
 */
export function withRotatingClientCert(config: Kubeconfig, pem: string, file: string): Kubeconfig | undefined {
  const { user } = currentOf(config, file);
  const u = user.user;
  if (u['client-certificate'] === pem && u['client-key'] === pem && !u['client-certificate-data'] && !u['client-key-data']) return undefined;
  const updated = structuredClone(config);
  const entry = currentOf(updated, file).user;
  delete entry.user['client-certificate-data'];
  delete entry.user['client-key-data'];
  entry.user['client-certificate'] = pem;
  entry.user['client-key'] = pem;
  return updated;
}

/** Something that reads files (the run's Fs: dry-run aware). */
export interface TextReader {
  readText(path: string): Promise<string | undefined>;
}

/** A kubeconfig file this tool wrote, parsed; `phase` names the phase that writes it, for the hint. */
export async function readKubeconfig(fs: TextReader, file: string, phase: string): Promise<Kubeconfig> {
  const text = await fs.readText(file);
  if (text === undefined) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${file}" does not exist`, { hint: `create it with \`minikubeadm init phase ${phase}\`` });
  }
  return parseKubeconfig(text, file);
}

/** The server and CA of a kubeconfig file's current cluster (admin.conf: where nodes join). */
export async function currentClusterOf(fs: TextReader, file: string, phase: string): Promise<CurrentCluster> {
  return currentCluster(await readKubeconfig(fs, file, phase), file, (p) => fs.readText(p));
}
