/**
 * The config pipeline: load (multi-document YAML, strict schema) → convert (v1beta3 → v1beta4) →
 * flags → default → validate. Every problem is collected with its field path and `file:line` and
 * thrown as one ValidationError before anything is written.
 */
import { hostname } from 'node:os';
import { detectDefaultAddress } from '../net/default-address.js';
import { resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { Logger } from '../log.js';
import { generateBootstrapToken } from './bootstrap-token.js';
import { DEFAULT_KUBERNETES_DIR } from './constants.js';
import { convertToV1beta4 } from './convert.js';
import { defaultCluster } from './defaults/cluster.js';
import { isRaw, listAt } from './defaults/fields.js';
import { type NodeDefaultsEnv, defaultInit, defaultJoin } from './defaults/node.js';
import { applyFlags, checkMixedArguments } from './flags/apply.js';
import type { LoadConfigOptions } from './index.js';
import { sortDocuments } from './load/documents.js';
import { parseConfigText, readConfigFile } from './load/parse.js';
import { Reporter } from './report.js';
import { API_VERSION_V1BETA3, API_VERSION_V1BETA4, type ClusterConfiguration, type Config } from './types.js';
import { checkDeprecatedAPI } from './validate/api-version.js';
import { validateCluster } from './validate/cluster.js';
import { validateConfig } from './validate/config.js';

/** What the pipeline takes from the host; tests replace parts of it. */
export interface ConfigEnv {
  hostname: () => string;
  detectAddress: () => Promise<string | undefined>;
  generateToken: () => string;
  cwd: string;
  /** Where warnings go, as `[config] WARNING: …` (kubeadm prints them on stderr). */
  log: Logger;
}

function hostConfigEnv(): ConfigEnv {
  return {
    hostname,
    detectAddress: () => detectDefaultAddress(),
    generateToken: generateBootstrapToken,
    cwd: process.cwd(),
    log: new Logger({ out: process.stderr }),
  };
}

function fail(report: Reporter): never {
  const where = report.file === undefined ? 'configuration' : `configuration in ${report.file}`;
  throw new ValidationError(report.issues, where);
}

export async function loadConfigImpl(options: LoadConfigOptions, envOverrides: Partial<ConfigEnv> = {}): Promise<Config> {
  const env: ConfigEnv = { ...hostConfigEnv(), ...(options.log ? { log: options.log } : {}), ...envOverrides };
  const command = options.command;
  let flags = options.flags ?? {};
  checkMixedArguments(flags, options.file !== undefined, command);
  const ignoredEndpoint = options.file !== undefined && flags.apiServerEndpoint !== undefined;
  if (ignoredEndpoint) flags = { ...flags, apiServerEndpoint: undefined };

  // Load and check every document against its schema.
  const file = options.file;
  const loaded = file === undefined ? undefined : parseConfigText(options.text ?? (await readConfigFile(file)), file);
  const report = new Reporter(file, loaded?.lines);
  // kubeadm join: with --config the file alone describes discovery; the endpoint argument is ignored.
  if (ignoredEndpoint) report.warn(`ignored the API server endpoint argument because --config is used: set JoinConfiguration.discovery.bootstrapToken.apiServerEndpoint in ${file}`);
  for (const issue of loaded?.issues ?? []) report.addRaw(issue);
  const sorted = sortDocuments(loaded?.documents ?? [], report);
  const docs = sorted.kubeadm;
  const kinds = Object.keys(docs);
  if (loaded && loaded.documents.length === 0 && loaded.issues.length === 0) {
    report.addRaw({ path: 'document', message: 'the file contains no YAML documents: expected InitConfiguration and/or ClusterConfiguration (JoinConfiguration for join)', source: `${file}:1` });
  } else if (loaded && report.ok && command === 'join' && !docs.JoinConfiguration) {
    report.addRaw({ path: 'JoinConfiguration', message: 'is required for join: the file has no JoinConfiguration document', source: `${file}:1` });
  } else if (loaded && report.ok && command === 'init' && !docs.InitConfiguration && !docs.ClusterConfiguration) {
    report.addRaw({ path: 'InitConfiguration', message: 'the file has no InitConfiguration or ClusterConfiguration document', source: `${file}:1` });
  }
  if (report.structural > 0) fail(report);

  // Convert, apply flags, default.
  const deprecated = Object.entries(docs).filter(([, d]) => d?.apiVersion === API_VERSION_V1BETA3).map(([kind]) => kind);
  convertToV1beta4(docs, report);
  if (command === 'join' && file === undefined) docs.JoinConfiguration ??= { apiVersion: API_VERSION_V1BETA4, body: {} };
  applyFlags(docs, flags, command, report);
  const checkInit = command === 'init' || (command === 'validate' && (kinds.includes('InitConfiguration') || kinds.includes('ClusterConfiguration') || !kinds.includes('JoinConfiguration')));
  const checkJoin = command === 'join' || (command === 'validate' && docs.JoinConfiguration !== undefined);
  const nodeEnv: NodeDefaultsEnv = { ...env, kubernetesDir: resolve(env.cwd, options.kubernetesDir ?? DEFAULT_KUBERNETES_DIR) };
  const cluster = defaultCluster(docs.ClusterConfiguration?.body, nodeEnv);
  const config: Config = { init: await defaultInit(docs.InitConfiguration?.body, nodeEnv, report, checkInit), cluster };
  if (checkJoin && docs.JoinConfiguration) config.join = await defaultJoin(docs.JoinConfiguration.body, cluster, nodeEnv, report);
  if (sorted.components['KubeletConfiguration']) config.kubelet = sorted.components['KubeletConfiguration'];
  if (sorted.components['KubeProxyConfiguration']) config.kubeProxy = sorted.components['KubeProxyConfiguration'];
  if (file !== undefined) config.source = file;

  // Validate.
  checkDeprecatedAPI(deprecated, config.cluster.kubernetesVersion, { command, allowDeprecated: options.allowDeprecatedAPI === true, readRemoved: options.readRemovedAPI === true, file }, report);
  const tokensWithTtl = (listAt(docs.InitConfiguration?.body, 'bootstrapTokens') ?? []).map((t) => isRaw(t) && t['ttl'] !== undefined);
  validateConfig(config, { init: checkInit, join: checkJoin, tokensWithTtl }, report);
  const checkSkipPhase = options.checkSkipPhase;
  if (checkSkipPhase) {
    const check = (names: readonly string[], workflow: 'init' | 'join', kind: string): void =>
      names.forEach((name, i) => {
        const bad = name.trim() === '' ? undefined : checkSkipPhase(name, workflow);
        if (bad) report.add(`${kind}.skipPhases[${i}]`, bad);
      });
    if (checkInit) check(config.init.skipPhases, 'init', 'InitConfiguration');
    if (checkJoin && config.join) check(config.join.skipPhases, 'join', 'JoinConfiguration');
  }
  const log = env.log.withPrefix('config');
  for (const w of report.warnings) log.warn(w);
  if (!report.ok) fail(report);
  return config;
}

/**
 * A ClusterConfiguration read from the cluster (the kubeadm-config ConfigMap), through the same
 * load, convert, default and validate stages as a file; `source` names it in messages.
 */
export async function loadClusterConfiguration(text: string, source: string, kubernetesDir: string): Promise<ClusterConfiguration> {
  const loaded = parseConfigText(text, source);
  const report = new Reporter(source, loaded.lines);
  for (const issue of loaded.issues) report.addRaw(issue);
  const docs = sortDocuments(loaded.documents, report).kubeadm;
  if (report.ok && !docs.ClusterConfiguration) report.addRaw({ path: 'ClusterConfiguration', message: 'is missing', source });
  if (!report.ok) fail(report);
  convertToV1beta4(docs, report);
  const cluster = defaultCluster(docs.ClusterConfiguration?.body, { kubernetesDir, cwd: '/' });
  validateCluster(cluster, report);
  if (!report.ok) fail(report);
  return cluster;
}
