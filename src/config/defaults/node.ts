/**
 * Default stage, node part: InitConfiguration and JoinConfiguration with kubeadm's static defaults
 * plus its dynamic ones — node name from the hostname, advertise address from the default-route
 * interface, a random bootstrap token when none is given, `unix://` added to a bare CRI socket path.
 */
import { caCertPath } from '../paths.js';
import { isIP } from 'node:net';
import {
  DEFAULT_BIND_PORT,
  DEFAULT_CRI_SOCKET,
  DEFAULT_TIMEOUTS,
  DEFAULT_TOKEN_GROUPS,
  DEFAULT_TOKEN_TTL,
  DEFAULT_TOKEN_USAGES,
} from '../constants.js';
import type { Raw } from '../convert.js';
import { duration } from '../duration.js';
import type { Reporter } from '../report.js';
import type { DefaultsEnv } from './cluster.js';
import { absolute, args, boolAt, isRaw, listAt, numAt, rawAt, setAt, strAt, strings } from './fields.js';
import type {
  APIEndpoint,
  BootstrapToken,
  ClusterConfiguration,
  InitConfiguration,
  JoinConfiguration,
  NodeRegistrationOptions,
  Patches,
  Taint,
  Timeouts,
} from '../types.js';

export interface NodeDefaultsEnv extends DefaultsEnv {
  hostname: () => string;
  /** The default-route interface address (src/host/net.ts), `undefined` when there is none. */
  detectAddress: () => Promise<string | undefined>;
  generateToken: () => string;
}

function timeouts(o: Raw | undefined): Timeouts {
  const t = rawAt(o, 'timeouts');
  const out = {} as Record<keyof Timeouts, Timeouts[keyof Timeouts]>;
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof Timeouts)[]) out[key] = duration(strAt(t, key) ?? DEFAULT_TIMEOUTS[key]);
  return out;
}

function patches(o: Raw | undefined, env: DefaultsEnv): Patches | undefined {
  const p = rawAt(o, 'patches');
  return p ? { directory: absolute(strAt(p, 'directory') ?? '', env.cwd) } : undefined;
}

function taints(nr: Raw | undefined): Taint[] | undefined {
  const list = listAt(nr, 'taints');
  if (list === undefined) return undefined; // kubeadm's nil: the default control-plane taint applies
  return list.filter(isRaw).map((t) => {
    const taint: Taint = { key: strAt(t, 'key') ?? '', effect: (strAt(t, 'effect') ?? '') as Taint['effect'] };
    if (strAt(t, 'value') !== undefined) taint.value = strAt(t, 'value');
    if (strAt(t, 'timeAdded') !== undefined) taint.timeAdded = strAt(t, 'timeAdded');
    return taint;
  });
}

function criSocket(nr: Raw | undefined, path: string, report: Reporter): string {
  const given = setAt(nr, 'criSocket');
  if (given === undefined) return DEFAULT_CRI_SOCKET;
  if (given.includes('://')) return given;
  report.warn(
    `Usage of CRI endpoints without URL scheme is deprecated and can cause kubelet errors in the future. ` +
      `Automatically prepending scheme "unix" to the "criSocket" with value ${JSON.stringify(given)} (${path}). Please update your configuration!`,
  );
  return `unix://${given}`;
}

function nodeRegistration(o: Raw | undefined, kind: string, env: NodeDefaultsEnv, report: Reporter): NodeRegistrationOptions {
  const nr = rawAt(o, 'nodeRegistration');
  return {
    name: setAt(nr, 'name') ?? env.hostname().toLowerCase(),
    criSocket: criSocket(nr, `${kind}.nodeRegistration.criSocket`, report),
    taints: taints(nr),
    kubeletExtraArgs: args(nr, 'kubeletExtraArgs'),
    ignorePreflightErrors: strings(nr, 'ignorePreflightErrors'),
    imagePullPolicy: (setAt(nr, 'imagePullPolicy') ?? 'IfNotPresent') as NodeRegistrationOptions['imagePullPolicy'],
    imagePullSerial: boolAt(nr, 'imagePullSerial') ?? true,
  };
}

const unspecified = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';
const loopback = (ip: string): boolean => (isIP(ip) === 4 && ip.startsWith('127.')) || ip === '::1';

/** kubeadm's SetAPIEndpointDynamicDefaults: empty, 0.0.0.0/:: or loopback → the default interface's address. */
async function apiEndpoint(e: Raw | undefined, path: string, env: NodeDefaultsEnv, report: Reporter): Promise<APIEndpoint> {
  const given = setAt(e, 'advertiseAddress') ?? '';
  const port = numAt(e, 'bindPort');
  const endpoint: APIEndpoint = { advertiseAddress: given, bindPort: port === undefined || port === 0 ? DEFAULT_BIND_PORT : port };
  if (given !== '' && !unspecified(given) && !loopback(given)) return endpoint;
  const detected = await env.detectAddress();
  if (detected === undefined) {
    endpoint.advertiseAddress = given === '' || unspecified(given) ? '' : given;
    return endpoint;
  }
  if (given !== '' && !unspecified(given)) {
    report.warn(`overriding requested API server advertise address ${given} (${path}, a loopback address) with ${detected}`);
  }
  endpoint.advertiseAddress = detected;
  return endpoint;
}

function bootstrapTokens(ri: Raw | undefined, env: NodeDefaultsEnv): BootstrapToken[] {
  const given = (listAt(ri, 'bootstrapTokens') ?? []).filter(isRaw);
  const list = given.length > 0 ? given : [{}];
  return list.map((t: Raw) => {
    const usages = listAt(t, 'usages') === undefined ? [...DEFAULT_TOKEN_USAGES] : strings(t, 'usages');
    // kubeadm always defaults the groups; they only make sense (and only validate) for authentication tokens.
    const groups = listAt(t, 'groups') !== undefined ? strings(t, 'groups') : usages.includes('authentication') ? [...DEFAULT_TOKEN_GROUPS] : [];
    const given = setAt(t, 'token');
    const token: BootstrapToken = {
      token: given ?? env.generateToken(),
      ttl: duration(strAt(t, 'ttl') ?? DEFAULT_TOKEN_TTL),
      usages,
      groups,
    };
    if (given === undefined) token.generated = true;
    if (strAt(t, 'description') !== undefined) token.description = strAt(t, 'description');
    if (strAt(t, 'expires') !== undefined) token.expires = strAt(t, 'expires');
    return token;
  });
}

/** The defaulted InitConfiguration; the advertise address is detected only when `detect` is set. */
export async function defaultInit(ri: Raw | undefined, env: NodeDefaultsEnv, report: Reporter, detect: boolean): Promise<InitConfiguration> {
  const endpoint = rawAt(ri, 'localAPIEndpoint');
  const noDetect = { ...env, detectAddress: async () => undefined };
  const init: InitConfiguration = {
    bootstrapTokens: bootstrapTokens(ri, env),
    dryRun: boolAt(ri, 'dryRun') ?? false,
    nodeRegistration: nodeRegistration(ri, 'InitConfiguration', env, report),
    localAPIEndpoint: await apiEndpoint(endpoint, 'InitConfiguration.localAPIEndpoint.advertiseAddress', detect ? env : noDetect, report),
    certificateKey: strAt(ri, 'certificateKey') ?? '',
    skipPhases: strings(ri, 'skipPhases'),
    timeouts: timeouts(ri),
  };
  const p = patches(ri, env);
  if (p) init.patches = p;
  return init;
}

const isUrl = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

/** The defaulted JoinConfiguration (caCertPath from the cluster's certificatesDir). */
export async function defaultJoin(rj: Raw, cluster: ClusterConfiguration, env: NodeDefaultsEnv, report: Reporter): Promise<JoinConfiguration> {
  const d = rawAt(rj, 'discovery');
  const bt = rawAt(d, 'bootstrapToken');
  const file = rawAt(d, 'file');
  const join_: JoinConfiguration = {
    dryRun: boolAt(rj, 'dryRun') ?? false,
    nodeRegistration: nodeRegistration(rj, 'JoinConfiguration', env, report),
    caCertPath: setAt(rj, 'caCertPath') ?? caCertPath(cluster),
    discovery: { tlsBootstrapToken: setAt(d, 'tlsBootstrapToken') ?? strAt(bt, 'token') ?? '' },
    skipPhases: strings(rj, 'skipPhases'),
    timeouts: timeouts(rj),
  };
  if (bt) {
    join_.discovery.bootstrapToken = {
      token: strAt(bt, 'token') ?? '',
      apiServerEndpoint: strAt(bt, 'apiServerEndpoint') ?? '',
      caCertHashes: strings(bt, 'caCertHashes'),
      unsafeSkipCAVerification: boolAt(bt, 'unsafeSkipCAVerification') ?? false,
    };
  }
  if (file) {
    const path = strAt(file, 'kubeConfigPath') ?? '';
    join_.discovery.file = { kubeConfigPath: isUrl(path) ? path : absolute(path, env.cwd) };
  }
  const cp = rawAt(rj, 'controlPlane');
  if (cp) {
    join_.controlPlane = {
      localAPIEndpoint: await apiEndpoint(rawAt(cp, 'localAPIEndpoint'), 'JoinConfiguration.controlPlane.localAPIEndpoint.advertiseAddress', env, report),
      certificateKey: strAt(cp, 'certificateKey') ?? '',
    };
  }
  const p = patches(rj, env);
  if (p) join_.patches = p;
  return join_;
}
