/**
 * What `certs check-expiration` lists and `certs renew` renews, in kubeadm's terms (renewal
 * manager): every leaf certificate of the certificate table and the client certificate embedded in
 * admin.conf, super-admin.conf, controller-manager.conf and scheduler.conf (kubelet.conf is left to
 * the kubelet, which rotates it), sorted by name; and the three CAs. Without local etcd, the etcd
 * certificates, apiserver-etcd-client and etcd-ca are left out.
 */
import { join } from 'node:path';
import { KUBECONFIG_FILES } from '../config/constants.js';
import { CERTIFICATES, type CertSpec, caSpecOf, isCA } from '../pki/certlist.js';
import { certKeyPaths } from '../pki/paths.js';

export type CAName = 'ca' | 'etcd-ca' | 'front-proxy-ca';

interface TargetBase {
  /** kubeadm's name: a `certs renew` subcommand and the CERTIFICATE column. */
  name: string;
  /** kubeadm's description, as renew prints it ("certificate for serving the Kubernetes API renewed"). */
  longName: string;
  /** The signing CA, by its name in the certificate table. */
  caName: CAName;
  /** Only with local (stacked) etcd. */
  localEtcd: boolean;
}

export interface CertTarget extends TargetBase {
  kind: 'cert';
  spec: CertSpec;
}

export interface KubeconfigTarget extends TargetBase {
  kind: 'kubeconfig';
  /** File name in the kubeconfig directory. */
  file: string;
}

export type Target = CertTarget | KubeconfigTarget;

export interface CAEntry {
  name: CAName;
  spec: CertSpec;
}

const KUBECONFIG_TARGETS: readonly KubeconfigTarget[] = [
  { kind: 'kubeconfig', name: KUBECONFIG_FILES.admin, file: KUBECONFIG_FILES.admin, longName: 'certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself', caName: 'ca', localEtcd: false },
  { kind: 'kubeconfig', name: KUBECONFIG_FILES.superAdmin, file: KUBECONFIG_FILES.superAdmin, longName: 'certificate embedded in the kubeconfig file for the super-admin', caName: 'ca', localEtcd: false },
  { kind: 'kubeconfig', name: KUBECONFIG_FILES.controllerManager, file: KUBECONFIG_FILES.controllerManager, longName: 'certificate embedded in the kubeconfig file for the controller manager to use', caName: 'ca', localEtcd: false },
  { kind: 'kubeconfig', name: KUBECONFIG_FILES.scheduler, file: KUBECONFIG_FILES.scheduler, longName: 'certificate embedded in the kubeconfig file for the scheduler manager to use', caName: 'ca', localEtcd: false },
];

const CERT_TARGETS: readonly CertTarget[] = CERTIFICATES.filter((c) => !isCA(c)).map((spec) => ({
  kind: 'cert',
  name: spec.name,
  longName: spec.longName,
  caName: caSpecOf(spec)!.name as CAName,
  localEtcd: spec.localEtcd === true,
  spec,
}));

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every target, sorted by name as kubeadm lists them. */
export const ALL_TARGETS: readonly Target[] = [...CERT_TARGETS, ...KUBECONFIG_TARGETS].sort(byName);

/** The targets of a cluster with local or external etcd. */
export function targetsFor(externalEtcd: boolean): Target[] {
  return ALL_TARGETS.filter((t) => !(externalEtcd && t.localEtcd));
}

/** The CAs, sorted by name. */
export function caEntriesFor(externalEtcd: boolean): CAEntry[] {
  return CERTIFICATES.filter((c) => isCA(c) && !(externalEtcd && c.localEtcd))
    .map((spec) => ({ name: spec.name as CAName, spec }))
    .sort(byName);
}

export function caSpecNamed(name: CAName): CertSpec {
  return CERTIFICATES.find((c) => c.name === name)!;
}

/** Where a target lives: its certificate and key files, or its kubeconfig file. */
export interface TargetFiles {
  cert?: { cert: string; key: string };
  kubeconfig?: string;
}

export interface Dirs {
  certificatesDir: string;
  kubeconfigDir: string;
}

export function filesOf(target: Target, dirs: Dirs): TargetFiles {
  return target.kind === 'cert' ? { cert: certKeyPaths(dirs.certificatesDir, target.spec.baseName) } : { kubeconfig: join(dirs.kubeconfigDir, target.file) };
}

/** The target named `name` (kubeadm's spelling), or `undefined`. */
export function targetNamed(name: string): Target | undefined {
  return ALL_TARGETS.find((t) => t.name === name);
}
