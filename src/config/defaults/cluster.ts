/**
 * Default stage, cluster-wide part: kubeadm's static defaults (reference §4) applied to a checked
 * v1beta4 ClusterConfiguration. certificatesDir and the etcd data dir default from --kubernetes-dir.
 * Paths kubeadm requires to be absolute (certificatesDir, etcd dataDir and TLS files) are kept as
 * given, so a relative one is a validation error rather than silently taken from the working
 * directory. Values that are wrong are kept as given for the validate stage.
 */
import { defaultRoots } from '../paths.js';
import {
  DEFAULT_CA_CERTIFICATE_VALIDITY,
  DEFAULT_CERTIFICATE_VALIDITY,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_DNS_DOMAIN,
  DEFAULT_ENCRYPTION_ALGORITHM,
  DEFAULT_IMAGE_REPOSITORY,
  DEFAULT_SERVICE_SUBNET,
} from '../constants.js';
import type { Raw } from '../convert.js';
import { duration } from '../duration.js';
import type { ClusterConfiguration, ControlPlaneComponent, EncryptionAlgorithm, EnvVar, Etcd, HostPathMount, HostPathType } from '../types.js';
import { resolveKubernetesVersion } from '../version.js';
import { args, boolAt, isRaw, listAt, rawAt, setAt, strAt, strings } from './fields.js';

/** What defaulting needs from outside the file. */
export interface DefaultsEnv {
  kubernetesDir: string;
  /** Relative paths kubeadm accepts (patches directory, discovery kubeconfig file) are taken from here. */
  cwd: string;
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
      httpEndpoints: strings(external, 'httpEndpoints'),
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
    certificateValidityPeriod: duration(strAt(rc, 'certificateValidityPeriod') ?? DEFAULT_CERTIFICATE_VALIDITY),
    caCertificateValidityPeriod: duration(strAt(rc, 'caCertificateValidityPeriod') ?? DEFAULT_CA_CERTIFICATE_VALIDITY),
  };
}
