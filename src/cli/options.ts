/**
 * Flag definitions shared by commands, and their mapping onto ConfigFlags and PathFlags.
 * Names and meanings are kubeadm's; minikubeadm adds --kubernetes-dir, --kubelet-dir and --templates-dir.
 */
import type { Options } from 'yargs';
import type { ConfigFlags } from '../config/flags.js';
import { MinikubeadmError } from '../errors.js';
import type { PathFlags } from '../host/paths.js';

type Opt = Options;

const list = (v: unknown): string[] | undefined => {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','));
  return items.map((s) => s.trim()).filter((s) => s !== '');
};

export const COMMON_OPTIONS: Record<string, Opt> = {
  config: { type: 'string', describe: 'Path to a kubeadm configuration file (InitConfiguration, ClusterConfiguration, …)' },
  'kubernetes-dir': { type: 'string', describe: 'Root for pki/, *.conf and manifests/', default: '/etc/kubernetes' },
  'kubelet-dir': { type: 'string', describe: 'Where the kubelet configuration is written', default: '/var/lib/kubelet' },
  'dry-run': { type: 'boolean', describe: "Don't apply any changes; just output what would be done" },
  // Kept as typed (not type number, which turns "abc" into NaN) and checked by verbosityFrom.
  v: { type: 'string', alias: 'verbosity', describe: 'Log level for detail (0–10, default 0)' },
};

export const INIT_OPTIONS: Record<string, Opt> = {
  'apiserver-advertise-address': { type: 'string', describe: 'The IP address the API Server will advertise it is listening on' },
  // A string so that a bad value is echoed as typed; converted and checked by the config flags layer.
  'apiserver-bind-port': { type: 'string', describe: 'Port for the API Server to bind to (default 6443)' },
  'apiserver-cert-extra-sans': { type: 'string', array: true, describe: 'Extra Subject Alternative Names for the API Server serving certificate (IPs or DNS names)' },
  'cert-dir': { type: 'string', describe: 'The path where to save and store the certificates (default <kubernetes-dir>/pki)' },
  'kubeconfig-dir': { type: 'string', describe: 'The path where to save the kubeconfig files (default <kubernetes-dir>)' },
  'control-plane-endpoint': { type: 'string', describe: 'A stable IP address or DNS name (with optional port) for the control plane' },
  'cri-socket': { type: 'string', describe: 'Path to the CRI socket to connect to' },
  'image-repository': { type: 'string', describe: 'Container registry to pull control plane images from' },
  'kubernetes-version': { type: 'string', describe: 'Kubernetes version for the control plane' },
  'node-name': { type: 'string', describe: 'The node name' },
  'pod-network-cidr': { type: 'string', describe: 'Range of IP addresses for the pod network' },
  'service-cidr': { type: 'string', describe: 'Range of IP addresses for service VIPs (default 10.96.0.0/12)' },
  'service-dns-domain': { type: 'string', describe: 'Alternative domain for services (default cluster.local)' },
  'skip-phases': { type: 'string', array: true, describe: 'Phases to skip, comma separated (e.g. addons/kube-proxy,mark-master)' },
  'templates-dir': { type: 'string', describe: 'Directory with your own copies of the Handlebars templates, overriding the built-in ones' },
  'ignore-preflight-errors': { type: 'string', array: true, describe: "Checks whose errors become warnings, e.g. 'IsPrivilegedUser,Swap'; 'all' ignores all" },
  token: { type: 'string', describe: 'The bootstrap token to use (format [a-z0-9]{6}.[a-z0-9]{16})' },
  'token-ttl': { type: 'string', describe: "Duration before the token is deleted (e.g. 1s, 2m, 3h); '0' means never" },
  'upload-certs': { type: 'boolean', describe: 'Upload control-plane certificates to the kubeadm-certs Secret' },
  'certificate-key': { type: 'string', describe: 'Key used to encrypt the control-plane certificates in the kubeadm-certs Secret (64 hex characters)' },
  'skip-token-print': { type: 'boolean', describe: 'Skip printing of the default bootstrap token' },
  'skip-certificate-key-print': { type: 'boolean', describe: "Don't print the key used to encrypt the control-plane certificates" },
  output: { type: 'string', alias: 'o', choices: ['text', 'json', 'yaml'], describe: 'Output format where a phase reports data' },
};

export interface ParsedArgs {
  [key: string]: unknown;
}

/** A single-valued flag; given twice, the last value wins (as with kubeadm's flags). */
const str = (v: unknown): string | undefined => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined || last === null ? undefined : String(last);
};

/** `-v`/`--verbosity` as a log level: a whole number, or FLAG_INVALID naming the flag and echoing the value. */
export function verbosityFrom(a: ParsedArgs): number {
  const text = str(a['v']) ?? '0';
  if (/^\d{1,3}$/.test(text.trim())) return Number(text.trim());
  throw new MinikubeadmError('FLAG_INVALID', `-v: ${JSON.stringify(text)} is not a log level: use a whole number (0 = normal output, 5 adds stack traces, 10 is the most detail)`, {
    hint: 'pass e.g. -v 5, or leave -v out',
  });
}

export function configFlagsFrom(a: ParsedArgs): ConfigFlags {
  const flags: ConfigFlags = {
    apiserverAdvertiseAddress: str(a['apiserver-advertise-address']),
    apiserverBindPort: str(a['apiserver-bind-port']),
    controlPlaneEndpoint: str(a['control-plane-endpoint']),
    podNetworkCidr: str(a['pod-network-cidr']),
    serviceCidr: str(a['service-cidr']),
    serviceDnsDomain: str(a['service-dns-domain']),
    kubernetesVersion: str(a['kubernetes-version']),
    nodeName: str(a['node-name']),
    certDir: str(a['cert-dir']),
    imageRepository: str(a['image-repository']),
    apiserverCertExtraSans: list(a['apiserver-cert-extra-sans']),
    criSocket: str(a['cri-socket']),
    token: str(a['token']),
    tokenTtl: str(a['token-ttl']),
    certificateKey: str(a['certificate-key']),
    ignorePreflightErrors: list(a['ignore-preflight-errors']),
    skipPhases: list(a['skip-phases']),
  };
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ConfigFlags;
}

export function pathFlagsFrom(a: ParsedArgs): PathFlags {
  return {
    kubernetesDir: str(a['kubernetes-dir']),
    kubeletDir: str(a['kubelet-dir']),
    kubeconfigDir: str(a['kubeconfig-dir']),
    templatesDir: str(a['templates-dir']),
  };
}

export { list as splitList };
