/**
 * `config print init-defaults|join-defaults`: an empty configuration defaulted exactly as a real run
 * defaults it, with kubeadm's placeholders for what a real run would detect or generate (node name
 * `node`, advertise address 1.2.3.4, token abcdef.0123456789abcdef, discovery endpoint
 * kube-apiserver:6443), then encoded by the same v1beta4 encoder upload-config uses. Component
 * configs come from the same rules the kubelet and kube-proxy phases apply, over the Go types' zero
 * values.
 */
import { resolve } from 'node:path';
import { MinikubeadmError } from '../../errors.js';
import { toYamlStream } from '../../yaml.js';
import { DEFAULT_KUBERNETES_DIR, PLACEHOLDER_TOKEN } from '../constants.js';
import { defaultCluster } from '../defaults/cluster.js';
import { KUBE_PROXY_ZERO_VALUES, defaultKubeProxyConfiguration } from '../defaults/kube-proxy.js';
import { KUBELET_ZERO_VALUES, defaultKubeletConfiguration } from '../defaults/kubelet.js';
import { type NodeDefaultsEnv, defaultInit, defaultJoin } from '../defaults/node.js';
import { Reporter } from '../report.js';
import type { ClusterConfiguration } from '../types.js';
import { encodeClusterConfiguration, encodeInitConfiguration, encodeJoinConfiguration } from './v1beta4.js';

export interface PrintOptions {
  /** `--kubernetes-dir`: certificatesDir, etcd dataDir and caCertPath derive from it. */
  kubernetesDir?: string;
  /** `--component-configs`: KubeletConfiguration and/or KubeProxyConfiguration. */
  componentConfigs?: readonly string[];
}

const PLACEHOLDER_ADVERTISE_ADDRESS = '1.2.3.4';
const PLACEHOLDER_NODE_NAME = 'node';
const PLACEHOLDER_DISCOVERY_ENDPOINT = 'kube-apiserver:6443';

const COMPONENT_CONFIG_KINDS = ['KubeletConfiguration', 'KubeProxyConfiguration'] as const;
type ComponentConfigKind = (typeof COMPONENT_CONFIG_KINDS)[number];

type Json = Record<string, unknown>;

function componentKinds(list: readonly string[] | undefined): ComponentConfigKind[] {
  const kinds = (list ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(COMPONENT_CONFIG_KINDS as readonly string[]).includes(k));
  if (bad.length > 0) {
    throw new MinikubeadmError('FLAG_INVALID', `--component-configs: unknown component config ${bad.map((b) => JSON.stringify(b)).join(', ')}`, {
      hint: `use one or more of ${COMPONENT_CONFIG_KINDS.join(', ')} (comma separated)`,
    });
  }
  return [...new Set(kinds)] as ComponentConfigKind[];
}

/** What a real run would detect or generate, replaced by kubeadm's placeholders. */
function placeholderEnv(opts: PrintOptions): NodeDefaultsEnv {
  return {
    kubernetesDir: resolve(opts.kubernetesDir ?? DEFAULT_KUBERNETES_DIR),
    cwd: process.cwd(),
    hostname: () => PLACEHOLDER_NODE_NAME,
    detectAddress: async () => PLACEHOLDER_ADVERTISE_ADDRESS,
    generateToken: () => PLACEHOLDER_TOKEN,
  };
}

function components(cluster: ClusterConfiguration, env: NodeDefaultsEnv, kinds: readonly ComponentConfigKind[]): Json[] {
  return kinds.map((kind) =>
    kind === 'KubeletConfiguration'
      ? defaultKubeletConfiguration({
          base: KUBELET_ZERO_VALUES,
          cluster,
          manifestsDir: resolve(env.kubernetesDir, 'manifests'),
          certificatesDir: cluster.certificatesDir,
          systemdResolved: false,
        }).document
      : defaultKubeProxyConfiguration({ base: KUBE_PROXY_ZERO_VALUES, advertiseAddress: PLACEHOLDER_ADVERTISE_ADDRESS, podSubnet: cluster.networking.podSubnet }).document,
  );
}

/** InitConfiguration + ClusterConfiguration (+ component configs) as kubeadm prints them. */
export async function initDefaultsDocuments(opts: PrintOptions = {}): Promise<Json[]> {
  const kinds = componentKinds(opts.componentConfigs);
  const env = placeholderEnv(opts);
  const report = new Reporter(undefined);
  const cluster = defaultCluster(undefined, env);
  const init = await defaultInit(undefined, env, report, true);
  // kubeadm's static default has no leading "v"; only a real run normalizes it.
  const printed = { ...encodeClusterConfiguration(cluster), kubernetesVersion: cluster.kubernetesVersion.replace(/^v/, '') };
  return [encodeInitConfiguration(init), printed, ...components(cluster, env, kinds)];
}

/** JoinConfiguration (+ component configs) as kubeadm prints it. */
export async function joinDefaultsDocuments(opts: PrintOptions = {}): Promise<Json[]> {
  const kinds = componentKinds(opts.componentConfigs);
  const env = placeholderEnv(opts);
  const report = new Reporter(undefined);
  const cluster = defaultCluster(undefined, env);
  const raw = { discovery: { bootstrapToken: { apiServerEndpoint: PLACEHOLDER_DISCOVERY_ENDPOINT, token: PLACEHOLDER_TOKEN, unsafeSkipCAVerification: true } } };
  const join = await defaultJoin(raw, cluster, env, report);
  return [encodeJoinConfiguration(join), ...components(cluster, env, kinds)];
}

/** Documents as one YAML stream, as kubeadm prints them. */
export function formatDocuments(docs: readonly Json[]): string {
  return toYamlStream(docs, 'kubeadm');
}
