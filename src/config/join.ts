/**
 * What a joining node works with once it knows the cluster: kubeadm's
 * fetchInitConfigurationFromJoinConfiguration. The ClusterConfiguration comes from the cluster; this
 * node's registration, API endpoint and timeouts from its JoinConfiguration, shaped like an
 * InitConfiguration so the certificate, kubeconfig and manifest builders serve both. Paths on this
 * node: with the default root the cluster's certificatesDir and etcd dataDir are used (as kubeadm
 * does); with another --kubernetes-dir (or --cert-dir) the node's own tree is used.
 */
import { DEFAULT_BIND_PORT, DEFAULT_KUBERNETES_DIR } from './constants.js';
import type { Paths } from './paths.js';
import type { ClusterConfiguration, Config } from './types.js';

/** True when this node keeps its own tree (another --kubernetes-dir, or --cert-dir) rather than the cluster's paths. */
export function ownTree(paths: Pick<Paths, 'kubernetesDir'>, certDirGiven: boolean): boolean {
  return paths.kubernetesDir !== DEFAULT_KUBERNETES_DIR || certDirGiven;
}

/** The cluster's configuration with this node's local paths (see above). */
export function localClusterConfiguration(cluster: ClusterConfiguration, paths: Pick<Paths, 'kubernetesDir' | 'certificatesDir' | 'etcdDataDir'>, certDirGiven: boolean): ClusterConfiguration {
  if (!ownTree(paths, certDirGiven)) return cluster;
  const etcd = cluster.etcd.local ? { ...cluster.etcd, local: { ...cluster.etcd.local, dataDir: paths.etcdDataDir } } : cluster.etcd;
  return { ...cluster, certificatesDir: paths.certificatesDir, etcd };
}

/** This node as an init-shaped Config: the cluster's configuration, this node's registration and endpoint. */
export function joinNodeConfig(local: Config, cluster: ClusterConfiguration): Config {
  const join = local.join;
  if (!join) throw new Error('joinNodeConfig needs a JoinConfiguration');
  const endpoint = join.controlPlane?.localAPIEndpoint ?? { advertiseAddress: '', bindPort: DEFAULT_BIND_PORT };
  return {
    ...local,
    cluster,
    init: {
      ...local.init,
      bootstrapTokens: [],
      nodeRegistration: join.nodeRegistration,
      localAPIEndpoint: endpoint,
      certificateKey: join.controlPlane?.certificateKey ?? '',
      skipPhases: join.skipPhases,
      timeouts: join.timeouts,
      dryRun: join.dryRun,
    },
  };
}
