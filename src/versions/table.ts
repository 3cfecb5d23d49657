/**
 * What differs between the Kubernetes minors this build deploys, one row per minor. Code asks the
 * row of the configured version (./release.ts) instead of comparing minors itself; adding a minor
 * is adding its row here and pinning it in test/unit/versions/table.test.ts.
 *
 * Image tags follow kubeadm's constants.go of each release line (PauseVersion, CoreDNSVersion,
 * SupportedEtcdVersion); behaviour follows the kubeadm changelogs of v1.33–v1.37.
 */

/** A kubeadm feature gate in one minor: its stage and default; `removed` gates keep their last behaviour. */
export interface GateState {
  stage: 'alpha' | 'beta' | 'ga' | 'deprecated' | 'removed';
  /** The behaviour when the config does not set the gate (for `removed`: what kubeadm does now). */
  enabled: boolean;
}

/** Which list of executables preflight wants on PATH (src/preflight/executables.ts). */
export type ExecutableSet = 'v1.31' | 'v1.32' | 'v1.33';

export interface MinorRelease {
  minor: number;
  /** Newest patch release of this minor that this build knows: what `stable-1.MINOR` resolves to. */
  latestPatch: number;
  images: {
    pause: string;
    /** The etcd image tag kubeadm pins for this minor. */
    etcd: string;
    coreDNS: string;
  };
  featureGates: Readonly<Record<string, GateState>>;
  kubelet: {
    /** kubeadm-flags.env carries --pod-infra-container-image (the kubelet flag went away in 1.35). */
    podInfraContainerImageFlag: boolean;
  };
  manifests: {
    /** Static Pod probes go to a named container port `probe-port` (1.34). */
    namedProbePort: boolean;
    /** First patch from which user extraArgs keep the order given (only kubeadm's defaults are sorted). */
    userArgsOrderFromPatch: number | null;
  };
  rbac: {
    /**
     * First patch from which the API server's kubelet client certificate has no Organization and
     * the kubeadm:apiserver-kubelet-client ClusterRoleBinding gives it system:kubelet-api-admin
     * (k/k#138957: 1.37, backported to 1.36.1, 1.35.5, 1.34.8 and 1.33.12); before it, the
     * certificate is in the kubeadm:cluster-admins group.
     */
    kubeletAPIAdminRoleFromPatch: number | null;
  };
  preflight: {
    executables: ExecutableSet;
    /** Severity of an unsupported kernel version in SystemVerification. */
    kernelVersion: 'error' | 'warning';
    /** cgroup v1 hosts: a warning, or an error for kubelets of this minor unless failCgroupV1 is false. */
    cgroupV1: 'warning' | 'error';
  };
  config: {
    /** kubeadm.k8s.io/v1beta3 documents: converted with a warning, or refused. */
    v1beta3: 'deprecated' | 'refused';
    /** `config validate --allow-deprecated-api` exists. */
    allowDeprecatedAPIFlag: boolean;
    /** ClusterConfiguration etcd.external.httpEndpoints is known. */
    externalEtcdHTTPEndpoints: boolean;
  };
}

const on = (stage: GateState['stage']): GateState => ({ stage, enabled: true });
const off = (stage: GateState['stage']): GateState => ({ stage, enabled: false });

/** Rows in ascending minor order; the last row's newest patch is the default version. */
export const RELEASES: readonly MinorRelease[] = [
  {
    minor: 31,
    latestPatch: 14,
    images: { pause: '3.10', etcd: '3.5.24-0', coreDNS: 'v1.11.3' },
    featureGates: {
      ControlPlaneKubeletLocalMode: off('alpha'),
      EtcdLearnerMode: on('beta'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: off('alpha'),
    },
    kubelet: { podInfraContainerImageFlag: true },
    manifests: { namedProbePort: false, userArgsOrderFromPatch: null },
    rbac: { kubeletAPIAdminRoleFromPatch: null },
    preflight: { executables: 'v1.31', kernelVersion: 'error', cgroupV1: 'warning' },
    config: { v1beta3: 'deprecated', allowDeprecatedAPIFlag: false, externalEtcdHTTPEndpoints: false },
  },
  {
    minor: 32,
    latestPatch: 4,
    images: { pause: '3.10', etcd: '3.5.24-0', coreDNS: 'v1.11.3' },
    featureGates: {
      ControlPlaneKubeletLocalMode: off('alpha'),
      EtcdLearnerMode: on('ga'),
      NodeLocalCRISocket: off('alpha'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: off('alpha'),
    },
    kubelet: { podInfraContainerImageFlag: true },
    manifests: { namedProbePort: false, userArgsOrderFromPatch: null },
    rbac: { kubeletAPIAdminRoleFromPatch: null },
    preflight: { executables: 'v1.32', kernelVersion: 'error', cgroupV1: 'warning' },
    config: { v1beta3: 'deprecated', allowDeprecatedAPIFlag: false, externalEtcdHTTPEndpoints: false },
  },
  {
    minor: 33,
    latestPatch: 13,
    images: { pause: '3.10', etcd: '3.5.24-0', coreDNS: 'v1.12.0' },
    featureGates: {
      ControlPlaneKubeletLocalMode: on('beta'),
      EtcdLearnerMode: on('removed'),
      NodeLocalCRISocket: off('alpha'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: on('beta'),
    },
    kubelet: { podInfraContainerImageFlag: true },
    manifests: { namedProbePort: false, userArgsOrderFromPatch: null },
    rbac: { kubeletAPIAdminRoleFromPatch: 12 },
    preflight: { executables: 'v1.33', kernelVersion: 'error', cgroupV1: 'warning' },
    config: { v1beta3: 'deprecated', allowDeprecatedAPIFlag: false, externalEtcdHTTPEndpoints: false },
  },
  {
    minor: 34,
    latestPatch: 11,
    images: { pause: '3.10.1', etcd: '3.6.5-0', coreDNS: 'v1.12.1' },
    featureGates: {
      ControlPlaneKubeletLocalMode: on('beta'),
      EtcdLearnerMode: on('removed'),
      NodeLocalCRISocket: on('beta'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: on('ga'),
    },
    kubelet: { podInfraContainerImageFlag: true },
    manifests: { namedProbePort: true, userArgsOrderFromPatch: null },
    rbac: { kubeletAPIAdminRoleFromPatch: 8 },
    preflight: { executables: 'v1.33', kernelVersion: 'warning', cgroupV1: 'warning' },
    config: { v1beta3: 'deprecated', allowDeprecatedAPIFlag: false, externalEtcdHTTPEndpoints: false },
  },
  {
    minor: 35,
    latestPatch: 8,
    images: { pause: '3.10.1', etcd: '3.6.6-0', coreDNS: 'v1.13.1' },
    featureGates: {
      ControlPlaneKubeletLocalMode: on('ga'),
      EtcdLearnerMode: on('removed'),
      NodeLocalCRISocket: on('beta'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: on('removed'),
    },
    kubelet: { podInfraContainerImageFlag: false },
    manifests: { namedProbePort: true, userArgsOrderFromPatch: 1 },
    rbac: { kubeletAPIAdminRoleFromPatch: 5 },
    preflight: { executables: 'v1.33', kernelVersion: 'warning', cgroupV1: 'error' },
    config: { v1beta3: 'deprecated', allowDeprecatedAPIFlag: false, externalEtcdHTTPEndpoints: true },
  },
  {
    minor: 36,
    latestPatch: 3,
    images: { pause: '3.10.1', etcd: '3.6.9-0', coreDNS: 'v1.14.2' },
    featureGates: {
      ControlPlaneKubeletLocalMode: on('removed'),
      EtcdLearnerMode: on('removed'),
      NodeLocalCRISocket: on('ga'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: on('removed'),
    },
    kubelet: { podInfraContainerImageFlag: false },
    manifests: { namedProbePort: true, userArgsOrderFromPatch: 0 },
    rbac: { kubeletAPIAdminRoleFromPatch: 1 },
    preflight: { executables: 'v1.33', kernelVersion: 'warning', cgroupV1: 'error' },
    config: { v1beta3: 'deprecated', allowDeprecatedAPIFlag: true, externalEtcdHTTPEndpoints: true },
  },
  {
    minor: 37,
    latestPatch: 0,
    images: { pause: '3.10.1', etcd: '3.6.9-0', coreDNS: 'v1.14.2' },
    featureGates: {
      ControlPlaneKubeletLocalMode: on('removed'),
      EtcdLearnerMode: on('removed'),
      NodeLocalCRISocket: on('removed'),
      RootlessControlPlane: off('deprecated'),
      WaitForAllControlPlaneComponents: on('removed'),
    },
    kubelet: { podInfraContainerImageFlag: false },
    manifests: { namedProbePort: true, userArgsOrderFromPatch: 0 },
    rbac: { kubeletAPIAdminRoleFromPatch: 0 },
    preflight: { executables: 'v1.33', kernelVersion: 'warning', cgroupV1: 'error' },
    config: { v1beta3: 'refused', allowDeprecatedAPIFlag: true, externalEtcdHTTPEndpoints: true },
  },
];
