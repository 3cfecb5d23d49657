/**
 * Every certificate kubeadm creates, declared once, in kubeadm's order (certlist.go,
 * GetDefaultCertList): the `certs` sub-phases, file names, identities, usages and SANs all come
 * from this table. A CA precedes the certificates it signs.
 */
import { GROUPS } from '../config/constants.js';
import type { Config } from '../config/types.js';
import { type AltNames, type Warn, apiServerAltNames, etcdAltNames } from './altnames.js';
import { usesKubeletAPIAdminRole } from '../versions/release.js';

export type ExtKeyUsageName = 'serverAuth' | 'clientAuth';

export interface CertSpec {
  /** Sub-phase name: `init phase certs <name>`. */
  name: string;
  /** Files `<certificatesDir>/<baseName>.crt` and `.key`; also the name kubeadm prints. */
  baseName: string;
  /** kubeadm's description; the sub-phase reads "Generate the <longName>". */
  longName: string;
  /** Name of the signing CA in this table; absent for a self-signed CA. */
  ca?: string;
  commonName: (config: Config) => string;
  /** The subject's Organizations (groups); some depend on the Kubernetes version. */
  organization: (config: Config) => readonly string[];
  usages: readonly ExtKeyUsageName[];
  /** SANs; a CA gets its CommonName as its one DNS name, as kubeadm's CA template does. */
  altNames?: (config: Config, warn: Warn) => AltNames;
  /** Only exists with local (stacked) etcd. */
  localEtcd?: boolean;
}

const fixed = (cn: string) => (): string => cn;
const none = (): readonly string[] => [];
const nodeName = (config: Config): string => config.init.nodeRegistration.name;


export const CERTIFICATES: readonly CertSpec[] = [
  {
    name: 'ca',
    baseName: 'ca',
    longName: 'self-signed Kubernetes CA to provision identities for other Kubernetes components',
    commonName: fixed('kubernetes'),
    organization: none,
    usages: [],
  },
  {
    name: 'apiserver',
    baseName: 'apiserver',
    longName: 'certificate for serving the Kubernetes API',
    ca: 'ca',
    commonName: fixed('kube-apiserver'),
    organization: none,
    usages: ['serverAuth'],
    altNames: apiServerAltNames,
  },
  {
    name: 'apiserver-kubelet-client',
    baseName: 'apiserver-kubelet-client',
    longName: 'certificate for the API server to connect to kubelet',
    ca: 'ca',
    commonName: fixed('kube-apiserver-kubelet-client'),
    // kubeadm v1.29–v1.36.0: the API server's kubelet client is in the cluster-admins group; from
    // 1.37 (and 1.36.1, 1.35.5, 1.34.8, 1.33.12) it has no group and is bound to system:kubelet-api-admin.
    organization: (config) => (usesKubeletAPIAdminRole(config.cluster.kubernetesVersion) ? [] : [GROUPS.clusterAdmins]),
    usages: ['clientAuth'],
  },
  {
    name: 'front-proxy-ca',
    baseName: 'front-proxy-ca',
    longName: 'self-signed CA to provision identities for front proxy',
    commonName: fixed('front-proxy-ca'),
    organization: none,
    usages: [],
  },
  {
    name: 'front-proxy-client',
    baseName: 'front-proxy-client',
    longName: 'certificate for the front proxy client',
    ca: 'front-proxy-ca',
    commonName: fixed('front-proxy-client'),
    organization: none,
    usages: ['clientAuth'],
  },
  {
    name: 'etcd-ca',
    baseName: 'etcd/ca',
    longName: 'self-signed CA to provision identities for etcd',
    commonName: fixed('etcd-ca'),
    organization: none,
    usages: [],
    localEtcd: true,
  },
  {
    name: 'etcd-server',
    baseName: 'etcd/server',
    longName: 'certificate for serving etcd',
    ca: 'etcd-ca',
    commonName: nodeName,
    organization: none,
    usages: ['serverAuth', 'clientAuth'],
    altNames: (config, warn) => etcdAltNames(config, 'server', warn),
    localEtcd: true,
  },
  {
    name: 'etcd-peer',
    baseName: 'etcd/peer',
    longName: 'certificate for etcd nodes to communicate with each other',
    ca: 'etcd-ca',
    commonName: nodeName,
    organization: none,
    usages: ['serverAuth', 'clientAuth'],
    altNames: (config, warn) => etcdAltNames(config, 'peer', warn),
    localEtcd: true,
  },
  {
    name: 'etcd-healthcheck-client',
    baseName: 'etcd/healthcheck-client',
    longName: 'certificate for liveness probes to healthcheck etcd',
    ca: 'etcd-ca',
    commonName: fixed('kube-etcd-healthcheck-client'),
    organization: none,
    usages: ['clientAuth'],
    localEtcd: true,
  },
  {
    name: 'apiserver-etcd-client',
    baseName: 'apiserver-etcd-client',
    longName: 'certificate the apiserver uses to access etcd',
    ca: 'etcd-ca',
    commonName: fixed('kube-apiserver-etcd-client'),
    organization: none,
    usages: ['clientAuth'],
    localEtcd: true,
  },
];

/** The service account signing key pair: sa.key and sa.pub, no certificate. */
export const SERVICE_ACCOUNT_KEY_BASE_NAME = 'sa';

function certSpec(name: string): CertSpec {
  const spec = CERTIFICATES.find((c) => c.name === name);
  if (!spec) throw new Error(`no certificate named "${name}" in the certificate table`);
  return spec;
}

/** The signing CA's spec, or `undefined` for a CA. */
export function caSpecOf(spec: CertSpec): CertSpec | undefined {
  return spec.ca === undefined ? undefined : certSpec(spec.ca);
}

export function isCA(spec: CertSpec): boolean {
  return spec.ca === undefined;
}

/** True when `config` uses external etcd, so no etcd certificate is made. */
export function usesExternalEtcd(config: Config): boolean {
  return config.cluster.etcd.external !== undefined;
}

/** The certificates this config needs (kubeadm's GetCertsWithoutEtcd with external etcd). */
export function certificatesFor(config: Config): CertSpec[] {
  return CERTIFICATES.filter((c) => !(c.localEtcd && usesExternalEtcd(config)));
}

/** The SANs `spec` gets under `config` (a CA: its CommonName), deduplicated as kubeadm does. */
export function altNamesFor(spec: CertSpec, config: Config, warn: Warn): AltNames {
  if (isCA(spec)) return { dnsNames: [spec.commonName(config)], ips: [] };
  return spec.altNames ? spec.altNames(config, warn) : { dnsNames: [], ips: [] };
}
