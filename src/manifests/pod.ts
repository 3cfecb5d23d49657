/**
 * What a static Pod template receives. Everything that varies is computed here, as plain data; the
 * constant parts of kubeadm's ComponentPod (namespace kube-system, tier label, priority
 * 2000001000 / system-node-critical, hostNetwork, RuntimeDefault seccomp) are spelled out in the
 * templates themselves so a user editing a template sees the whole Pod.
 */
import type { Duration } from '../config/duration.js';
import type { Paths } from '../config/paths.js';
import type { APIEndpoint, ClusterConfiguration, EnvVar, NodeRegistrationOptions } from '../config/types.js';
import type { ContainerPort, Probes } from './probes.js';
import type { PodVolume, PodVolumeMount } from './volumes.js';

export interface TemplateEnvVar {
  name: string;
  /** Empty is left out (omitempty). */
  value: string;
  /** Emitted with {{json}} when set. */
  valueFrom: Record<string, unknown> | null;
}

export interface StaticPodData {
  /** Pod and container name, also the `component` label. */
  name: string;
  annotations: { key: string; value: string }[];
  image: string;
  imagePullPolicy: NodeRegistrationOptions['imagePullPolicy'];
  /** Binary name followed by the sorted `--name=value` flags. */
  command: string[];
  env: TemplateEnvVar[];
  probes: Probes;
  /** Named container ports (v1.34+: the `probe-port` the probes target); empty: none. */
  ports: ContainerPort[];
  /** Requests only; empty memory is left out. */
  resources: { cpu: string; memory: string };
  volumes: PodVolume[];
  volumeMounts: PodVolumeMount[];
}

/** A manifest's data plus anything the phase should print as a warning. */
export interface BuiltPod {
  pod: StaticPodData;
  /** Printed as warnings. */
  warnings: string[];
  /** Printed at -v 1 and above (kubeadm logs these with klog.V(1)). */
  details: string[];
}

/** Everything the manifest builders read: the config parts plus facts about this host. */
export interface ManifestInputs {
  cluster: ClusterConfiguration;
  /** This node's API endpoint (init: localAPIEndpoint; join: controlPlane.localAPIEndpoint). */
  endpoint: APIEndpoint;
  nodeName: string;
  imagePullPolicy: NodeRegistrationOptions['imagePullPolicy'];
  /** `timeouts.controlPlaneComponentHealthCheck`. */
  healthCheckTimeout: Duration;
  paths: Pick<Paths, 'certificatesDir' | 'kubeconfigDir' | 'etcdDataDir'>;
  /** Which of CA_CERTS_EXTRA_PATHS exist on this host. */
  existingCADirs: readonly string[];
  /** `*_proxy` variables of the environment minikubeadm runs in. */
  proxyEnv: readonly EnvVar[];
  /** ca.crt present without ca.key: the controller-manager gets empty signing files. */
  externalCA: boolean;
}

export function templateEnv(env: readonly EnvVar[]): TemplateEnvVar[] {
  return env.map((e) => ({ name: e.name, value: e.value ?? '', valueFrom: e.valueFrom ?? null }));
}

export function annotationList(annotations: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.keys(annotations)
    .sort()
    .map((key) => ({ key, value: annotations[key]! }));
}
