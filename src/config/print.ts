/**
 * `config print init-defaults|join-defaults`: kubeadm's static defaults as v1beta4 documents, with
 * kubeadm's placeholders (token abcdef.0123456789abcdef, advertise address 1.2.3.4, node name `node`,
 * discovery endpoint kube-apiserver:6443), keys sorted as Go's marshaller sorts them.
 */
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { MinikubeadmError } from '../errors.js';
import { defaultRoots } from '../host/paths.js';
import { COMPONENT_CONFIG_KINDS, COMPONENT_DEFAULTS, type ComponentConfigKind } from './component-defaults.js';
import {
  DEFAULT_BIND_PORT,
  DEFAULT_CA_CERTIFICATE_VALIDITY,
  DEFAULT_CERTIFICATE_VALIDITY,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_CRI_SOCKET,
  DEFAULT_DNS_DOMAIN,
  DEFAULT_ENCRYPTION_ALGORITHM,
  DEFAULT_IMAGE_REPOSITORY,
  DEFAULT_KUBERNETES_DIR,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_SERVICE_SUBNET,
  DEFAULT_TIMEOUTS,
  DEFAULT_TOKEN_GROUPS,
  DEFAULT_TOKEN_TTL,
  DEFAULT_TOKEN_USAGES,
  PLACEHOLDER_TOKEN,
} from './constants.js';
import { API_VERSION_V1BETA4 } from './types.js';

export interface PrintOptions {
  /** `--kubernetes-dir`: certificatesDir, etcd dataDir and caCertPath derive from it. */
  kubernetesDir?: string;
  /** `--component-configs`: KubeletConfiguration and/or KubeProxyConfiguration. */
  componentConfigs?: readonly string[];
}

export const PLACEHOLDER_ADVERTISE_ADDRESS = '1.2.3.4';
export const PLACEHOLDER_NODE_NAME = 'node';
export const PLACEHOLDER_DISCOVERY_ENDPOINT = 'kube-apiserver:6443';

const nodeRegistration = () => ({
  criSocket: DEFAULT_CRI_SOCKET,
  imagePullPolicy: 'IfNotPresent',
  imagePullSerial: true,
  name: PLACEHOLDER_NODE_NAME,
  taints: null,
});

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

function roots(opts: PrintOptions): { kubernetesDir: string; certificatesDir: string; etcdDataDir: string } {
  const kubernetesDir = resolve(opts.kubernetesDir ?? DEFAULT_KUBERNETES_DIR);
  return { kubernetesDir, ...defaultRoots(kubernetesDir) };
}

function components(opts: PrintOptions): Record<string, unknown>[] {
  const r = roots(opts);
  const input = {
    serviceSubnet: DEFAULT_SERVICE_SUBNET,
    podSubnet: '',
    dnsDomain: DEFAULT_DNS_DOMAIN,
    certificatesDir: r.certificatesDir,
    kubernetesDir: r.kubernetesDir,
    advertiseAddress: PLACEHOLDER_ADVERTISE_ADDRESS,
  };
  return componentKinds(opts.componentConfigs).map((k) => COMPONENT_DEFAULTS[k](input));
}

/** InitConfiguration + ClusterConfiguration (+ component configs) as kubeadm prints them. */
export function initDefaultsDocuments(opts: PrintOptions = {}): Record<string, unknown>[] {
  const r = roots(opts);
  const init = {
    apiVersion: API_VERSION_V1BETA4,
    kind: 'InitConfiguration',
    bootstrapTokens: [{ groups: [...DEFAULT_TOKEN_GROUPS], token: PLACEHOLDER_TOKEN, ttl: DEFAULT_TOKEN_TTL, usages: [...DEFAULT_TOKEN_USAGES] }],
    localAPIEndpoint: { advertiseAddress: PLACEHOLDER_ADVERTISE_ADDRESS, bindPort: DEFAULT_BIND_PORT },
    nodeRegistration: nodeRegistration(),
    timeouts: { ...DEFAULT_TIMEOUTS },
  };
  const cluster = {
    apiVersion: API_VERSION_V1BETA4,
    kind: 'ClusterConfiguration',
    apiServer: {},
    caCertificateValidityPeriod: DEFAULT_CA_CERTIFICATE_VALIDITY,
    certificateValidityPeriod: DEFAULT_CERTIFICATE_VALIDITY,
    certificatesDir: r.certificatesDir,
    clusterName: DEFAULT_CLUSTER_NAME,
    controllerManager: {},
    dns: {},
    encryptionAlgorithm: DEFAULT_ENCRYPTION_ALGORITHM,
    etcd: { local: { dataDir: r.etcdDataDir } },
    imageRepository: DEFAULT_IMAGE_REPOSITORY,
    // kubeadm prints the version without its leading "v".
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION.replace(/^v/, ''),
    networking: { dnsDomain: DEFAULT_DNS_DOMAIN, serviceSubnet: DEFAULT_SERVICE_SUBNET },
    proxy: {},
    scheduler: {},
  };
  return [init, cluster, ...components(opts)];
}

/** JoinConfiguration (+ component configs) as kubeadm prints it. */
export function joinDefaultsDocuments(opts: PrintOptions = {}): Record<string, unknown>[] {
  const r = roots(opts);
  const joinDoc = {
    apiVersion: API_VERSION_V1BETA4,
    kind: 'JoinConfiguration',
    caCertPath: join(r.certificatesDir, 'ca.crt'),
    discovery: {
      bootstrapToken: { apiServerEndpoint: PLACEHOLDER_DISCOVERY_ENDPOINT, token: PLACEHOLDER_TOKEN, unsafeSkipCAVerification: true },
      tlsBootstrapToken: PLACEHOLDER_TOKEN,
    },
    nodeRegistration: nodeRegistration(),
    timeouts: { ...DEFAULT_TIMEOUTS },
  };
  return [joinDoc, ...components(opts)];
}

/** Documents as one YAML stream: sorted keys, sequences not indented, `---` between documents. */
export function formatDocuments(docs: readonly Record<string, unknown>[]): string {
  return docs.map((d) => stringify(d, { sortMapEntries: true, indentSeq: false, lineWidth: 0 })).join('---\n');
}
