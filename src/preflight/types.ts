/**
 * Checks are data: a name (kubeadm's, so `--ignore-preflight-errors` lists carry over), a
 * severity, a predicate saying which runs include it, and a `run` that reads the machine only
 * through the host seam and returns what it found with a one-line fix hint.
 */
import type { Etcd } from '../config/types.js';
import type { HostProbe } from '../host/system.js';

export type Severity = 'error' | 'warning';

/** A problem reported on its own line, even when the check itself passes. */
export interface Advisory {
  message: string;
  hint: string;
}

export interface CheckResult {
  passed: boolean;
  /** What was found: the problem when not passed, what was verified when passed. */
  message: string;
  /** What to do about it; required when not passed. */
  hint?: string;
  /** Set when this outcome is worse than the check's usual severity (kubeadm does this for unparsable input). */
  severity?: Severity;
  /** Lesser problems found along the way, always printed as warnings. */
  warnings?: Advisory[];
}

/** Everything a check may look at, taken from the validated config and resolved paths. */
export interface PreflightPlan {
  command: 'init' | 'join';
  /** This node runs a control plane: init, or join with a controlPlane section. */
  controlPlane: boolean;
  /** A control-plane join: the common checks already ran in the join list. */
  secondaryControlPlane: boolean;
  /** A control-plane join that downloads certificates from the kubeadm-certs Secret. */
  downloadCerts: boolean;
  /** Configured Kubernetes version; `undefined` for a worker join, which doesn't know it yet. */
  kubernetesVersion: string | undefined;
  /** KubeletConfiguration failCgroupV1 from the config file, when it sets it. */
  failCgroupV1?: boolean;
  nodeName: string;
  criSocket: string;
  advertiseAddress: string;
  bindPort: number;
  /** The cluster's stable endpoint; a control-plane join refuses without one. */
  controlPlaneEndpoint: string;
  serviceSubnet: string;
  podSubnet: string;
  etcd: Etcd;
  kubernetesDir: string;
  manifestsDir: string;
  etcdDataDir: string;
  /** Join: where the cluster CA will be written (worker only). */
  caCertPath?: string;
  /** Join: `host:port` of the API server used for token discovery. */
  discoveryEndpoint?: string;
}

export interface Check {
  name: string;
  severity: Severity;
  appliesTo(plan: PreflightPlan): boolean;
  run(host: HostProbe, plan: PreflightPlan): Promise<CheckResult>;
}

export const always = (): boolean => true;

export const pass = (message: string, warnings?: Advisory[]): CheckResult => ({ passed: true, message, ...(warnings?.length ? { warnings } : {}) });

export const fail = (message: string, hint: string, extra: Partial<CheckResult> = {}): CheckResult => ({ passed: false, message, hint, ...extra });

/** kubeadm's name for a check about a path: `FileAvailable--etc-kubernetes-kubelet.conf`. */
export function pathCheckName(kind: string, path: string): string {
  return `${kind}-${path.replaceAll('/', '-')}`;
}
