/**
 * kubeadm's command-line flags onto the (v1beta4-shaped) documents, before defaulting, as kubeadm
 * does. Like kubeadm (ValidateMixedArguments), `--config` cannot be combined with flags that set
 * configuration fields, except --node-name and the skip/ignore/dry-run style flags.
 */
import { MinikubeadmError } from '../../errors.js';
import type { Raw, RawDocuments } from '../convert.js';
import type { Reporter } from '../report.js';
import { API_VERSION_V1BETA4 } from '../types.js';
import { type ConfigFlagName, type ConfigFlags, FLAGS, type FlagKey, type FlagSpec, type FlagTarget } from './table.js';

/** The join endpoint: the positional argument of `join`, not a flag. */
const JOIN_ENDPOINT: FlagTarget = ['JoinConfiguration', 'discovery.bootstrapToken.apiServerEndpoint'];

const isFlagKey = (key: ConfigFlagName): key is ConfigFlagName & FlagKey => key !== 'apiServerEndpoint';

/** The flag as typed on the command line (the join endpoint is the positional argument). */
export function flagName(key: ConfigFlagName): string {
  return isFlagKey(key) ? `--${FLAGS[key].name}` : '<api-server-endpoint>';
}

function targetOf(key: ConfigFlagName, command: 'init' | 'join'): FlagTarget | undefined {
  if (!isFlagKey(key)) return command === 'join' ? JOIN_ENDPOINT : undefined;
  const spec: FlagSpec = FLAGS[key];
  return command === 'join' ? spec.join : spec.init;
}

const keysOf = (flags: ConfigFlags): ConfigFlagName[] => (Object.keys(flags) as ConfigFlagName[]).filter((k) => flags[k] !== undefined);

/** Set `value` at a dotted path (with `[0]` list indexes), creating parents. */
export function setPath(root: Raw, path: string, value: unknown): void {
  const keys = path.split('.').flatMap((s) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(s);
    return m ? [m[1]!, Number(m[2])] : [s];
  });
  let cur: Raw | unknown[] = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const next = keys[i + 1];
    const container = cur as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    if (typeof container[key] !== 'object' || container[key] === null) container[key] = typeof next === 'number' ? [] : {};
    cur = container[key] as Raw | unknown[];
  });
}

function mixedFlags(flags: ConfigFlags, command: string): ConfigFlagName[] {
  return keysOf(flags).filter((k) => (isFlagKey(k) ? !('withConfig' in FLAGS[k]) : command !== 'join'));
}

/** kubeadm refuses `--config` with flags that set configuration fields; so do we. */
export function checkMixedArguments(flags: ConfigFlags, hasFile: boolean, command: string): void {
  if (!hasFile) return;
  const mixed = mixedFlags(flags, command);
  if (mixed.length === 0) return;
  const where = mixed.map((k) => `${flagName(k)} → ${(targetOf(k, command === 'join' ? 'join' : 'init') ?? targetOf(k, 'init'))?.join('.') ?? 'the config file'}`);
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
const CONVERSIONS: Partial<Record<ConfigFlagName, (text: string) => Converted>> = {
  apiserverBindPort: convertPort,
};

/** Write the flags into the documents, remembering which field each flag set. */
export function applyFlags(docs: RawDocuments, flags: ConfigFlags, command: 'init' | 'join' | 'validate', report: Reporter): void {
  const put = (target: FlagTarget | undefined, value: unknown, flag: string, key?: ConfigFlagName): void => {
    if (value === undefined || !target) return;
    const path = `${target[0]}.${target[1]}`;
    report.fromFlag(path, flag);
    const convert = key === undefined ? undefined : CONVERSIONS[key];
    const converted = convert ? convert(String(value)) : { value };
    if ('error' in converted) report.add(path, converted.error);
    else setPath(ensureDoc(docs, target[0]), target[1], converted.value);
  };
  if (command !== 'join') {
    for (const key of keysOf(flags)) put(targetOf(key, 'init'), flags[key], flagName(key), key);
    return;
  }
  const set = (key: ConfigFlagName): void => put(targetOf(key, 'join'), flags[key], flagName(key), key);
  if (flags.controlPlane) ensureDoc(docs, 'JoinConfiguration')['controlPlane'] ??= {};
  if (docs.JoinConfiguration?.body['controlPlane'] !== undefined) {
    for (const key of ['apiserverAdvertiseAddress', 'apiserverBindPort', 'certificateKey'] as const) set(key);
  }
  if (flags.discoveryFile !== undefined) set('discoveryFile');
  else {
    // kubeadm: --token fills the discovery token and the TLS bootstrap token unless they are given.
    const byToken = flags.discoveryToken === undefined;
    put(FLAGS.discoveryToken.join, flags.discoveryToken ?? flags.token, byToken ? '--token' : '--discovery-token');
    for (const key of ['apiServerEndpoint', 'discoveryTokenCaCertHash', 'discoveryTokenUnsafeSkipCaVerification'] as const) set(key);
  }
  const tlsByToken = flags.tlsBootstrapToken === undefined;
  put(FLAGS.tlsBootstrapToken.join, flags.tlsBootstrapToken ?? flags.token, tlsByToken ? '--token' : '--tls-bootstrap-token');
  for (const key of ['nodeName', 'criSocket', 'certDir'] as const) set(key);
}
