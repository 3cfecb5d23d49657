/**
 * A fully defaulted Config for tests of phases that don't go through the config loader, with
 * kubeadm's defaults and a documentation-range advertise address. `patch` deep-merges over it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CA_CERTIFICATE_VALIDITY,
  DEFAULT_CERTIFICATE_VALIDITY,
  DEFAULT_CRI_SOCKET,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_TIMEOUTS,
  DEFAULT_TOKEN_GROUPS,
  DEFAULT_TOKEN_TTL,
  DEFAULT_TOKEN_USAGES,
} from '../../src/config/constants.js';
import { duration } from '../../src/config/duration.js';
import { type Paths, resolvePaths } from '../../src/config/paths.js';
import type { Config, Timeouts } from '../../src/config/types.js';
import { Fs } from '../../src/host/fs.js';
import type { HostProbe } from '../../src/host/system.js';
import type { KubeClient } from '../../src/kube/client/client.js';
import { memoryLogger } from '../../src/log.js';
import type { KeyPool } from '../../src/pki/keys.js';
import { type RunContext, createContext } from '../../src/workflow/context.js';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** kubeadm's default timeouts, parsed. */
export function defaultTimeouts(): Timeouts {
  return Object.fromEntries(Object.entries(DEFAULT_TIMEOUTS).map(([k, v]) => [k, duration(v)])) as unknown as Timeouts;
}

export function testConfig(kubernetesDir: string, patch: DeepPartial<Config> = {}): Config {
  const base: Config = {
    init: {
      bootstrapTokens: [{ token: 'abcdef.0123456789abcdef', ttl: duration(DEFAULT_TOKEN_TTL), usages: [...DEFAULT_TOKEN_USAGES], groups: [...DEFAULT_TOKEN_GROUPS] }],
      dryRun: false,
      nodeRegistration: {
        name: 'node-1',
        criSocket: DEFAULT_CRI_SOCKET,
        taints: undefined,
        kubeletExtraArgs: [],
        ignorePreflightErrors: [],
        imagePullPolicy: 'IfNotPresent',
        imagePullSerial: true,
      },
      localAPIEndpoint: { advertiseAddress: '192.0.2.10', bindPort: 6443 },
      certificateKey: '',
      skipPhases: [],
      timeouts: defaultTimeouts(),
    },
    cluster: {
      etcd: { local: { dataDir: join(kubernetesDir, 'etcd'), extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] } },
      networking: { serviceSubnet: '10.96.0.0/12', podSubnet: '', dnsDomain: 'cluster.local' },
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      controlPlaneEndpoint: '',
      apiServer: { extraArgs: [], extraVolumes: [], extraEnvs: [], certSANs: [] },
      controllerManager: { extraArgs: [], extraVolumes: [], extraEnvs: [] },
      scheduler: { extraArgs: [], extraVolumes: [], extraEnvs: [] },
      dns: { disabled: false },
      proxy: { disabled: false },
      certificatesDir: join(kubernetesDir, 'pki'),
      imageRepository: 'registry.k8s.io',
      featureGates: {},
      clusterName: 'kubernetes',
      encryptionAlgorithm: 'RSA-2048',
      certificateValidityPeriod: duration(DEFAULT_CERTIFICATE_VALIDITY),
      caCertificateValidityPeriod: duration(DEFAULT_CA_CERTIFICATE_VALIDITY),
    },
  };
  return merge(base, patch) as Config;
}

function merge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (Array.isArray(patch) || typeof patch !== 'object' || patch === null) return patch;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(out[k], v);
  return out;
}

export interface TestContext {
  ctx: RunContext;
  dir: string;
  paths: Paths;
  out: () => string;
  err: () => string;
}

export interface TestContextOptions {
  dryRun?: boolean;
  dir?: string;
  now?: () => Date;
  /** A fixture host instead of this machine. */
  host?: HostProbe;
  /** A fixed key source. */
  keys?: KeyPool;
  /** The cluster client the context hands out. */
  cluster?: () => Promise<KubeClient>;
}

/** A RunContext over a fresh temp --kubernetes-dir. */
export async function testContext(patch: DeepPartial<Config> = {}, options: TestContextOptions = {}): Promise<TestContext> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mka-test-')));
  const config = testConfig(dir, patch);
  const { log, out, err } = memoryLogger(0);
  const paths = resolvePaths(config, { kubernetesDir: dir, kubeletDir: join(dir, 'kubelet') });
  const fs = new Fs({ dryRun: options.dryRun ?? false, log: log.withPrefix('dryrun') });
  const ctx = createContext({ command: 'init', config, paths, log, fs, now: options.now, host: options.host, keys: options.keys, cluster: options.cluster });
  return { ctx, dir, paths, out, err };
}
