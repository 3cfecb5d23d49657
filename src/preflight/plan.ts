/** The facts preflight needs, taken once from the validated config and the resolved paths. */
import { DEFAULT_BIND_PORT } from '../config/constants.js';
import type { Paths } from '../config/paths.js';
import type { ClusterConfiguration, Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import type { PreflightPlan } from './types.js';

type PlanPaths = Pick<Paths, 'kubernetesDir' | 'manifestsDir' | 'etcdDataDir'>;

/** KubeletConfiguration failCgroupV1 when the config file sets it to a boolean. */
function failCgroupV1(config: Config): boolean | undefined {
  const value = (config.kubelet as Record<string, unknown> | undefined)?.['failCgroupV1'];
  return typeof value === 'boolean' ? value : undefined;
}

export function planForInit(config: Config, paths: PlanPaths): PreflightPlan {
  const { init, cluster } = config;
  return {
    command: 'init',
    controlPlane: true,
    secondaryControlPlane: false,
    downloadCerts: false,
    kubernetesVersion: cluster.kubernetesVersion,
    failCgroupV1: failCgroupV1(config),
    nodeName: init.nodeRegistration.name,
    criSocket: init.nodeRegistration.criSocket,
    advertiseAddress: init.localAPIEndpoint.advertiseAddress,
    bindPort: init.localAPIEndpoint.bindPort,
    controlPlaneEndpoint: cluster.controlPlaneEndpoint,
    serviceSubnet: cluster.networking.serviceSubnet,
    podSubnet: cluster.networking.podSubnet,
    etcd: cluster.etcd,
    kubernetesDir: paths.kubernetesDir,
    manifestsDir: paths.manifestsDir,
    etcdDataDir: paths.etcdDataDir,
  };
}

export interface JoinPreflightOptions {
  /** The ClusterConfiguration read from the cluster (kubeadm-config) for a control-plane join. */
  clusterConfiguration?: ClusterConfiguration;
  /** The control-plane certificates come from the kubeadm-certs Secret (`--certificate-key`). */
  downloadCerts?: boolean;
}

export function planForJoin(config: Config, paths: PlanPaths, options: JoinPreflightOptions = {}): PreflightPlan {
  const join = config.join;
  if (!join) {
    throw new MinikubeadmError('CONFIG_INVALID', 'join preflight needs a JoinConfiguration, and the configuration has none', {
      hint: 'pass the API server endpoint with --token and --discovery-token-ca-cert-hash, or a JoinConfiguration with --config',
    });
  }
  const cluster = options.clusterConfiguration ?? config.cluster;
  const endpoint = join.controlPlane?.localAPIEndpoint;
  return {
    command: 'join',
    controlPlane: join.controlPlane !== undefined,
    secondaryControlPlane: join.controlPlane !== undefined,
    downloadCerts: options.downloadCerts ?? false,
    kubernetesVersion: join.controlPlane ? cluster.kubernetesVersion : undefined,
    failCgroupV1: failCgroupV1(config),
    nodeName: join.nodeRegistration.name,
    criSocket: join.nodeRegistration.criSocket,
    advertiseAddress: endpoint?.advertiseAddress ?? '',
    bindPort: endpoint?.bindPort ?? DEFAULT_BIND_PORT,
    controlPlaneEndpoint: cluster.controlPlaneEndpoint,
    serviceSubnet: cluster.networking.serviceSubnet,
    podSubnet: cluster.networking.podSubnet,
    etcd: cluster.etcd,
    kubernetesDir: paths.kubernetesDir,
    manifestsDir: paths.manifestsDir,
    etcdDataDir: options.clusterConfiguration?.etcd.local?.dataDir ?? paths.etcdDataDir,
    caCertPath: join.caCertPath,
    discoveryEndpoint: join.discovery.bootstrapToken?.apiServerEndpoint,
  };
}
