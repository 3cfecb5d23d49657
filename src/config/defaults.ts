/**
 * Default stage, cluster-wide part: kubeadm's static defaults (reference §4) applied to a checked
 * v1beta4 ClusterConfiguration. certificatesDir and the etcd data dir default from --kubernetes-dir.
 * Paths kubeadm requires to be absolute (certificatesDir, etcd dataDir and TLS files) are kept as
 * given, so a relative one is a validation error rather than silently taken from the working
 * directory. Values that are wrong are kept as given for the validate stage.
 */
import { isAbsolute, resolve } from 'node:path';
import { defaultRoots } from '../host/paths.js';
import {
  DEFAULT_CA_CERTIFICATE_VALIDITY,
  DEFAULT_CERTIFICATE_VALIDITY,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_DNS_DOMAIN,
  DEFAULT_ENCRYPTION_ALGORITHM,
  DEFAULT_IMAGE_REPOSITORY,
  DEFAULT_SERVICE_SUBNET,
} from './constants.js';
import type { Raw } from './convert.js';
import { formatDuration, parseDuration } from './duration.js';
import type { Arg, ClusterConfiguration, ControlPlaneComponent, EncryptionAlgorithm, EnvVar, Etcd, HostPathMount, HostPathType } from './types.js';
import { resolveKubernetesVersion } from './version.js';

/** What defaulting needs from outside the file. */
export interface DefaultsEnv {
  kubernetesDir: string;
  /** Relative paths kubeadm accepts (patches directory, discovery kubeconfig file) are taken from here. */
  cwd: string;
}

export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const rawAt = (o: Raw | undefined, key: string): Raw | undefined => (isRaw(o?.[key]) ? (o![key] as Raw) : undefined);
export const strAt = (o: Raw | undefined, key: string): string | undefined => (typeof o?.[key] === 'string' ? (o[key] as string) : undefined);
/** A string field where '' means "not set" (Go's zero value gets the default, as in kubeadm). */
export const setAt = (o: Raw | undefined, key: string): string | undefined => {
  const v = strAt(o, key);
  return v === '' ? undefined : v;
};
export const boolAt = (o: Raw | undefined, key: string): boolean | undefined => (typeof o?.[key] === 'boolean' ? (o[key] as boolean) : undefined);
export const numAt = (o: Raw | undefined, key: string): number | undefined => (typeof o?.[key] === 'number' ? (o[key] as number) : undefined);
export const listAt = (o: Raw | undefined, key: string): unknown[] | undefined => (Array.isArray(o?.[key]) ? (o![key] as unknown[]) : undefined);
export const strings = (o: Raw | undefined, key: string): string[] =>
  (listAt(o, key) ?? []).filter((s): s is string => typeof s === 'string');

/** Go's canonical form of a duration (`87600h` → `87600h0m0s`); unparseable text is kept for validation. */
export function canonicalDuration(text: string): string {
  const ms = parseDuration(text);
  return ms === undefined ? text : formatDuration(ms);
}

/** Absolute form of a path ('' stays '' so validation can name it). */
export function absolute(path: string, cwd: string): string {
  return path === '' || isAbsolute(path) ? path : resolve(cwd, path);
}

export function args(o: Raw | undefined, key: string): Arg[] {
  return (listAt(o, key) ?? []).filter(isRaw).map((a) => ({ name: strAt(a, 'name') ?? '', value: strAt(a, 'value') ?? '' }));
}

function envs(o: Raw | undefined): EnvVar[] {
  return (listAt(o, 'extraEnvs') ?? []).filter(isRaw).map((e) => {
    const env: EnvVar = { name: strAt(e, 'name') ?? '' };
    if (strAt(e, 'value') !== undefined) env.value = strAt(e, 'value');
    if (isRaw(e['valueFrom'])) env.valueFrom = e['valueFrom'] as Record<string, unknown>;
    return env;
  });
}

function volumes(o: Raw | undefined): HostPathMount[] {
  return (listAt(o, 'extraVolumes') ?? []).filter(isRaw).map((v) => ({
    name: strAt(v, 'name') ?? '',
    hostPath: strAt(v, 'hostPath') ?? '',
    mountPath: strAt(v, 'mountPath') ?? '',
    readOnly: boolAt(v, 'readOnly') ?? false,
    pathType: (strAt(v, 'pathType') ?? '') as HostPathType,
  }));
}

function component(o: Raw | undefined): ControlPlaneComponent {
  return { extraArgs: args(o, 'extraArgs'), extraVolumes: volumes(o), extraEnvs: envs(o) };
}

function imageMeta<T extends object>(o: Raw | undefined, into: T): T {
  const repo = strAt(o, 'imageRepository');
  const tag = strAt(o, 'imageTag');
  return { ...into, ...(repo !== undefined ? { imageRepository: repo } : {}), ...(tag !== undefined ? { imageTag: tag } : {}) };
}

function etcd(rc: Raw | undefined, env: DefaultsEnv): Etcd {
  const e = rawAt(rc, 'etcd');
  const local = rawAt(e, 'local');
  const external = rawAt(e, 'external');
  const out: Etcd = {};
  if (external) {
    out.external = {
      endpoints: strings(external, 'endpoints'),
      caFile: strAt(external, 'caFile') ?? '',
      certFile: strAt(external, 'certFile') ?? '',
      keyFile: strAt(external, 'keyFile') ?? '',
    };
  }
  if (local || !external) {
    out.local = imageMeta(local, {
      dataDir: setAt(local, 'dataDir') ?? defaultRoots(env.kubernetesDir).etcdDataDir,
      extraArgs: args(local, 'extraArgs'),
      extraEnvs: envs(local),
      serverCertSANs: strings(local, 'serverCertSANs'),
      peerCertSANs: strings(local, 'peerCertSANs'),
    });
  }
  return out;
}

/** The defaulted ClusterConfiguration. */
export function defaultCluster(rc: Raw | undefined, env: DefaultsEnv): ClusterConfiguration {
  const net = rawAt(rc, 'networking');
  const version = strAt(rc, 'kubernetesVersion') ?? '';
  const resolved = resolveKubernetesVersion(version);
  const apiServer = rawAt(rc, 'apiServer');
  return {
    etcd: etcd(rc, env),
    networking: {
      serviceSubnet: setAt(net, 'serviceSubnet') ?? DEFAULT_SERVICE_SUBNET,
      podSubnet: strAt(net, 'podSubnet') ?? '',
      dnsDomain: setAt(net, 'dnsDomain') ?? DEFAULT_DNS_DOMAIN,
    },
    kubernetesVersion: 'version' in resolved ? resolved.version : version,
    controlPlaneEndpoint: strAt(rc, 'controlPlaneEndpoint') ?? '',
    apiServer: { ...component(apiServer), certSANs: strings(apiServer, 'certSANs') },
    controllerManager: component(rawAt(rc, 'controllerManager')),
    scheduler: component(rawAt(rc, 'scheduler')),
    dns: imageMeta(rawAt(rc, 'dns'), { disabled: boolAt(rawAt(rc, 'dns'), 'disabled') ?? false }),
    proxy: { disabled: boolAt(rawAt(rc, 'proxy'), 'disabled') ?? false },
    certificatesDir: setAt(rc, 'certificatesDir') ?? defaultRoots(env.kubernetesDir).certificatesDir,
    imageRepository: setAt(rc, 'imageRepository') ?? DEFAULT_IMAGE_REPOSITORY,
    featureGates: Object.fromEntries(Object.entries(rawAt(rc, 'featureGates') ?? {}).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>,
    clusterName: setAt(rc, 'clusterName') ?? DEFAULT_CLUSTER_NAME,
    encryptionAlgorithm: (setAt(rc, 'encryptionAlgorithm') ?? DEFAULT_ENCRYPTION_ALGORITHM) as EncryptionAlgorithm,
    certificateValidityPeriod: canonicalDuration(strAt(rc, 'certificateValidityPeriod') ?? DEFAULT_CERTIFICATE_VALIDITY),
    caCertificateValidityPeriod: canonicalDuration(strAt(rc, 'caCertificateValidityPeriod') ?? DEFAULT_CA_CERTIFICATE_VALIDITY),
  };
}
