/**
 * The one typed context every phase body receives. Built once from argv + config (after validation),
 * never mutated. What phases share is typed and built lazily, on first use: the host seam, the
 * kubelet's service manager, the key pool, the cluster client, the run's bootstrap tokens and the
 * KubeletConfiguration. Tests pass their own host, key source or cluster client as fields.
 */
import type { KubeletConfigResult } from '../config/defaults/kubelet.js';
import { createCertificateKey } from '../copycerts/crypto.js';
import type { Paths } from '../config/paths.js';
import type { Config } from '../config/types.js';
import type { Fs } from '../host/fs.js';
import { type KubeletService, kubeletServiceFor } from '../host/kubelet-service.js';
import { type HostProbe, realHost } from '../host/system.js';
import type { KubeClient } from '../kube/client/client.js';
import type { Logger } from '../log.js';
import { KeyPool } from '../pki/key-pool.js';
import type { ResolvedToken } from '../token/resolve.js';
import type { Joining } from './joining.js';

export type OutputFormat = 'text' | 'json' | 'yaml';

export type Workflow = 'init' | 'join' | 'reset';

/** The terminal a command may ask the operator on (reset's confirmation). */
export interface Prompt {
  /** stdin is a terminal: a question can be answered. */
  readonly interactive: boolean;
  /** Print `question` and read one line of answer. */
  ask(question: string): Promise<string>;
}

export interface RunFlags {
  /** `--ignore-preflight-errors` merged with nodeRegistration.ignorePreflightErrors, lower-cased. */
  ignorePreflightErrors: readonly string[];
  uploadCerts: boolean;
  skipTokenPrint: boolean;
  skipCertificateKeyPrint: boolean;
  output: OutputFormat;
  /** reset: no confirmation. */
  force: boolean;
  /** reset: also empty <kubernetes-dir>/tmp. */
  cleanupTmpDir: boolean;
  /** init, join: make exposed keys and kubeconfigs 0600 and certificate directories writable by their owner only, instead of reporting them. */
  fixPermissions: boolean;
}

/** The KubeletConfiguration of the run, and whether the config file supplied it. */
export interface RunKubeletConfiguration extends KubeletConfigResult {
  userSupplied: boolean;
}

export interface RunContext {
  readonly command: Workflow;
  readonly config: Config;
  readonly paths: Paths;
  readonly dryRun: boolean;
  /** Prefixed with the running phase's name. */
  readonly log: Logger;
  readonly fs: Fs;
  readonly flags: RunFlags;
  /** The clock; tests pin it. */
  readonly now: () => Date;
  /** The machine: files under /proc and /sys, executables, commands, ports, environment. */
  readonly host: HostProbe;
  /** How the kubelet is stopped and (re)started on this node. */
  readonly kubeletService: KubeletService;
  /** Private keys, generated ahead of need. */
  readonly keys: KeyPool;
  /** The cluster-admin API client (admin.conf), built on first use; a reporting client under --dry-run. */
  cluster(): Promise<KubeClient>;
  /** The run's bootstrap tokens, resolved once (an unchosen token may reuse one of the cluster's). */
  tokens(): Promise<ResolvedToken[]>;
  /**
   * The KubeletConfiguration every kubelet of the cluster gets: on init built from the config
   * (config.yaml and the kubelet-config ConfigMap); on join read from the cluster.
   */
  kubeletConfiguration(): Promise<RunKubeletConfiguration>;
  /** join: the cluster this node joins, discovered and read once (by preflight, the first phase). */
  joining(): Promise<Joining>;
  /** The key of the kubeadm-certs Secret: the configured one or, when none is, one made for this run. Never log it. */
  certificateKey(): string;
  /** The operator's terminal (stdin), for confirmations. */
  readonly prompt: Prompt;
  /** The same run with another logger (the runner gives each phase its `[phase]` prefix). */
  withLog(this: RunContext, log: Logger): RunContext;
}

export interface ContextInit {
  command: Workflow;
  config: Config;
  paths: Paths;
  log: Logger;
  fs: Fs;
  flags?: Partial<RunFlags>;
  now?: () => Date;
  /** Default: this machine. */
  host?: HostProbe;
  /** Default: a pool generating keys with Node's crypto. */
  keys?: KeyPool;
  /** Default: the admin.conf client of src/kube/client/admin.ts. */
  cluster?: () => Promise<KubeClient>;
  /** --cert-dir was given (join then keeps this node's own tree). */
  certDirGiven?: boolean;
  /** Default: stdin and stdout. */
  prompt?: Prompt;
}

/** Questions on stdout, answers from stdin (one line). */
function stdinPrompt(): Prompt {
  return {
    interactive: process.stdin.isTTY === true,
    async ask(question) {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/** A value made on first use and shared afterwards. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function createContext(init: ContextInit): RunContext {
  const host = init.host ?? realHost();
  const dryRun = init.fs.dryRun;
  const now = init.now ?? (() => new Date());
  const flags: RunFlags = {
    ignorePreflightErrors: init.flags?.ignorePreflightErrors ?? [],
    uploadCerts: init.flags?.uploadCerts ?? false,
    skipTokenPrint: init.flags?.skipTokenPrint ?? false,
    skipCertificateKeyPrint: init.flags?.skipCertificateKeyPrint ?? false,
    output: init.flags?.output ?? 'text',
    force: init.flags?.force ?? false,
    cleanupTmpDir: init.flags?.cleanupTmpDir ?? false,
    fixPermissions: init.flags?.fixPermissions ?? false,
  };
  const kubeletService = kubeletServiceFor(host);
  const keys = init.keys ?? new KeyPool();
  // Built by whichever phase asks first, with that phase's logger; shared by all later ones.
  let client: Promise<KubeClient> | undefined;
  const clusterFor = (log: Logger) => (): Promise<KubeClient> =>
    (client ??= init.cluster ? init.cluster() : import('../kube/client/admin.js').then((m) => m.adminClient({ fs: init.fs, paths: init.paths, dryRun, log })));
  let resolved: Promise<ResolvedToken[]> | undefined;
  const tokensFor = (log: Logger) => (): Promise<ResolvedToken[]> =>
    (resolved ??= (async () => (await import('../token/resolve.js')).resolveTokens(init.config.init.bootstrapTokens, await clusterFor(log)(), now()))());
  let joined: Promise<Joining> | undefined;
  const joiningFor = (log: Logger) => (): Promise<Joining> => {
    if (init.command !== 'join') return Promise.reject(new Error('joining() is a service of the join workflow'));
    return (joined ??= import('./joining.js').then((m) => m.startJoin({ config: init.config, paths: init.paths, fs: init.fs, log, certDirGiven: init.certDirGiven ?? false })));
  };
  const certificateKey = lazy((): string => {
    const configured = init.command === 'join' ? init.config.join?.controlPlane?.certificateKey : init.config.init.certificateKey;
    return configured || createCertificateKey();
  });
  const kubeletConfiguration = lazy(async (): Promise<RunKubeletConfiguration> => {
    if (init.command === 'join') {
      const { clusterKubeletConfiguration } = await import('./joining.js');
      return { document: await clusterKubeletConfiguration(await joiningFor(init.log)(), init.certDirGiven ?? false), warnings: [], userSupplied: true };
    }
    const [{ defaultKubeletConfiguration }, { systemdResolvedActive }] = await Promise.all([
      import('../config/defaults/kubelet.js'),
      import('../host/systemd.js'),
    ]);
    const built = defaultKubeletConfiguration({
      base: init.config.kubelet,
      cluster: init.config.cluster,
      manifestsDir: init.paths.manifestsDir,
      certificatesDir: init.paths.certificatesDir,
      systemdResolved: !dryRun && (await systemdResolvedActive(host)),
    });
    return { ...built, userSupplied: init.config.kubelet !== undefined };
  });
  return {
    command: init.command,
    config: init.config,
    paths: init.paths,
    dryRun,
    log: init.log,
    fs: init.fs,
    flags,
    now,
    host,
    kubeletService,
    keys,
    cluster: clusterFor(init.log),
    tokens: tokensFor(init.log),
    kubeletConfiguration,
    joining: joiningFor(init.log),
    certificateKey,
    prompt: init.prompt ?? stdinPrompt(),
    // `this`: a copy made with other fields (a test's `{ ...ctx, paths }`) keeps them.
    withLog(this: RunContext, log: Logger): RunContext {
      return { ...this, log, cluster: clusterFor(log), tokens: tokensFor(log), joining: joiningFor(log) };
    },
  };
}
