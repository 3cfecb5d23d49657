/**
 * kubeadm's command-line flags onto the (v1beta4-shaped) documents, before defaulting, as kubeadm
 * does. Like kubeadm (ValidateMixedArguments), `--config` cannot be combined with flags that set
 * configuration fields, except --node-name and the skip/ignore/dry-run style flags.
 */
import { MinikubeadmError } from '../errors.js';
import type { Raw, RawDocuments } from './convert.js';
import type { ConfigFlags } from './flags.js';
import type { Reporter } from './report.js';
import { API_VERSION_V1BETA4 } from './types.js';

type FlagKey = keyof ConfigFlags;

/** The flag as typed on the command line (the join endpoint is the positional argument). */
export function flagName(key: FlagKey): string {
  if (key === 'apiServerEndpoint') return '<api-server-endpoint>';
  if (key === 'discoveryTokenCaCertHash') return '--discovery-token-ca-cert-hash';
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Flags kubeadm accepts together with --config. */
export const FLAGS_ALLOWED_WITH_CONFIG: readonly FlagKey[] = ['nodeName', 'ignorePreflightErrors', 'skipPhases'];

type Target = readonly [kind: 'InitConfiguration' | 'ClusterConfiguration' | 'JoinConfiguration', path: string];

/** Where each flag lands, per command. */
const INIT_TARGETS: Partial<Record<FlagKey, Target>> = {
  apiserverAdvertiseAddress: ['InitConfiguration', 'localAPIEndpoint.advertiseAddress'],
  apiserverBindPort: ['InitConfiguration', 'localAPIEndpoint.bindPort'],
  controlPlaneEndpoint: ['ClusterConfiguration', 'controlPlaneEndpoint'],
  podNetworkCidr: ['ClusterConfiguration', 'networking.podSubnet'],
  serviceCidr: ['ClusterConfiguration', 'networking.serviceSubnet'],
  serviceDnsDomain: ['ClusterConfiguration', 'networking.dnsDomain'],
  kubernetesVersion: ['ClusterConfiguration', 'kubernetesVersion'],
  nodeName: ['InitConfiguration', 'nodeRegistration.name'],
  certDir: ['ClusterConfiguration', 'certificatesDir'],
  imageRepository: ['ClusterConfiguration', 'imageRepository'],
  apiserverCertExtraSans: ['ClusterConfiguration', 'apiServer.certSANs'],
  criSocket: ['InitConfiguration', 'nodeRegistration.criSocket'],
  token: ['InitConfiguration', 'bootstrapTokens[0].token'],
  tokenTtl: ['InitConfiguration', 'bootstrapTokens[0].ttl'],
  certificateKey: ['InitConfiguration', 'certificateKey'],
};

const JOIN_TARGETS: Partial<Record<FlagKey, Target>> = {
  apiserverAdvertiseAddress: ['JoinConfiguration', 'controlPlane.localAPIEndpoint.advertiseAddress'],
  apiserverBindPort: ['JoinConfiguration', 'controlPlane.localAPIEndpoint.bindPort'],
  certificateKey: ['JoinConfiguration', 'controlPlane.certificateKey'],
  nodeName: ['JoinConfiguration', 'nodeRegistration.name'],
  criSocket: ['JoinConfiguration', 'nodeRegistration.criSocket'],
  certDir: ['ClusterConfiguration', 'certificatesDir'],
  apiServerEndpoint: ['JoinConfiguration', 'discovery.bootstrapToken.apiServerEndpoint'],
  discoveryToken: ['JoinConfiguration', 'discovery.bootstrapToken.token'],
  discoveryTokenCaCertHash: ['JoinConfiguration', 'discovery.bootstrapToken.caCertHashes'],
  discoveryTokenUnsafeSkipCaVerification: ['JoinConfiguration', 'discovery.bootstrapToken.unsafeSkipCAVerification'],
  discoveryFile: ['JoinConfiguration', 'discovery.file.kubeConfigPath'],
  tlsBootstrapToken: ['JoinConfiguration', 'discovery.tlsBootstrapToken'],
};

/** Set `value` at a dotted path (with `[0]` list steps), creating parents. */
export function setPath(root: Raw, path: string, value: unknown): void {
  const steps = path.split('.').flatMap((s) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(s);
    return m ? [m[1]!, Number(m[2])] : [s];
  });
  let cur: Raw | unknown[] = root;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const next = steps[i + 1];
    const container = cur as Record<string | number, unknown>;
    if (last) {
      container[step] = value;
      return;
    }
    if (typeof container[step] !== 'object' || container[step] === null) container[step] = typeof next === 'number' ? [] : {};
    cur = container[step] as Raw | unknown[];
  });
}

function mixedFlags(flags: ConfigFlags, command: string): FlagKey[] {
  return (Object.keys(flags) as FlagKey[]).filter(
    (k) => flags[k] !== undefined && !FLAGS_ALLOWED_WITH_CONFIG.includes(k) && !(command === 'join' && k === 'apiServerEndpoint'),
  );
}

/** kubeadm refuses `--config` with flags that set configuration fields; so do we. */
export function checkMixedArguments(flags: ConfigFlags, hasFile: boolean, command: string): void {
  if (!hasFile) return;
  const mixed = mixedFlags(flags, command);
  if (mixed.length === 0) return;
  const targets = command === 'join' ? JOIN_TARGETS : INIT_TARGETS;
  const where = mixed.map((k) => `${flagName(k)} → ${(targets[k] ?? INIT_TARGETS[k])?.join('.') ?? 'the config file'}`);
  throw new MinikubeadmError('FLAG_INVALID', `can not mix '--config' with arguments [${mixed.map((k) => flagName(k).slice(2)).join(' ')}]`, {
    hint: `set these in the config file instead (${where.join('; ')}), or drop --config`,
  });
}

function ensureDoc(docs: RawDocuments, kind: 'InitConfiguration' | 'ClusterConfiguration' | 'JoinConfiguration'): Raw {
  return (docs[kind] ??= { apiVersion: API_VERSION_V1BETA4, body: {} }).body;
}

type Converted = { value: unknown } | { error: string };

/** A port as typed: digits only, 1–65535 (0 means "the default", as kubeadm's zero value does). */
export function convertPort(text: string): Converted {
  const t = text.trim();
  const n = /^\d{1,5}$/.test(t) ? Number(t) : NaN;
  return n >= 0 && n <= 65535 ? { value: n } : { error: `${JSON.stringify(text)} is not a valid port: use 1–65535` };
}

/** Flags that arrive as text but configure other types: converted here, so errors echo what was typed. */
const CONVERSIONS: Partial<Record<FlagKey, (text: string) => Converted>> = {
  apiserverBindPort: convertPort,
};

/** Write the flags into the documents, remembering which field each flag set. */
export function applyFlags(docs: RawDocuments, flags: ConfigFlags, command: 'init' | 'join' | 'validate', report: Reporter): void {
  const put = (target: Target | undefined, value: unknown, flag: string, key?: FlagKey): void => {
    if (value === undefined || !target) return;
    const path = `${target[0]}.${target[1]}`;
    report.fromFlag(path, flag);
    const convert = key === undefined ? undefined : CONVERSIONS[key];
    const converted = convert ? convert(String(value)) : { value };
    if ('error' in converted) report.add(path, converted.error);
    else setPath(ensureDoc(docs, target[0]), target[1], converted.value);
  };
  if (command !== 'join') {
    for (const key of Object.keys(INIT_TARGETS) as FlagKey[]) put(INIT_TARGETS[key], flags[key], flagName(key), key);
    return;
  }
  const set = (key: FlagKey): void => put(JOIN_TARGETS[key], flags[key], flagName(key), key);
  if (flags.controlPlane) ensureDoc(docs, 'JoinConfiguration')['controlPlane'] ??= {};
  if (docs.JoinConfiguration?.body['controlPlane'] !== undefined) {
    for (const key of ['apiserverAdvertiseAddress', 'apiserverBindPort', 'certificateKey'] as const) set(key);
  }
  if (flags.discoveryFile !== undefined) set('discoveryFile');
  else {
    // kubeadm: --token fills the discovery token and the TLS bootstrap token unless they are given.
    const byToken = flags.discoveryToken === undefined;
    put(JOIN_TARGETS.discoveryToken, flags.discoveryToken ?? flags.token, byToken ? '--token' : '--discovery-token');
    for (const key of ['apiServerEndpoint', 'discoveryTokenCaCertHash', 'discoveryTokenUnsafeSkipCaVerification'] as const) set(key);
  }
  const tlsByToken = flags.tlsBootstrapToken === undefined;
  put(JOIN_TARGETS.tlsBootstrapToken, flags.tlsBootstrapToken ?? flags.token, tlsByToken ? '--token' : '--tls-bootstrap-token');
  for (const key of ['nodeName', 'criSocket', 'certDir'] as const) set(key);
}
