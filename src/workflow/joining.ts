/**
 * The cluster a joining node learns about, built once per run by the first phase that needs it
 * (preflight): discovery (token or file), the TLS-bootstrap kubeconfig and client, the cluster's
 * ClusterConfiguration (kubeadm-config) with this node's paths, this node's init-shaped
 * configuration for the control-plane builders, and, on request, the cluster's
 * KubeletConfiguration (kubelet-config).
 */
import { joinNodeConfig, localClusterConfiguration, ownTree } from '../config/join.js';
import { MIN_KUBERNETES_MINOR } from '../config/constants.js';
import { type Paths, caCertPath } from '../config/paths.js';
import type { ClusterConfiguration, Config } from '../config/types.js';
import type { SharedCertificate } from '../copycerts/download.js';
import type { DiscoveredCluster } from '../discovery/types.js';
import { MinikubeadmError } from '../errors.js';
import type { Fs } from '../host/fs.js';
import type { KubeClient } from '../kube/client/client.js';
import type { Kubeconfig } from '../kubeconfig/kubeconfig.js';
import type { Logger } from '../log.js';
import { parseYaml } from '../yaml.js';

export interface Joining {
  discovered: DiscoveredCluster;
  /** bootstrap-kubelet.conf's content: the TLS-bootstrap identity, cluster named after clusterName. */
  bootstrapKubeconfig: Kubeconfig;
  /** The TLS-bootstrap identity's client: reads kubeadm-config, kubelet-config, kubeadm-certs, Nodes. */
  bootstrapClient: KubeClient;
  /** The cluster's ClusterConfiguration, with this node's paths. */
  cluster: ClusterConfiguration;
  /** This node as init-shaped configuration (its registration and endpoint, the cluster's configuration). */
  config: Config;
  /** This node's paths (certificatesDir and the etcd data dir may be the cluster's). */
  paths: Paths;
  /**
   * A control-plane join: the certificates every control plane shares, read once: decrypted from
   * the kubeadm-certs Secret with the certificate key, or, without a key, from this node's disk.
   */
  sharedCertificates(): Promise<SharedCertificate[]>;
  /** Set when the cluster runs an older kubeadm's configuration (a worker joining it). */
  olderCluster?: OlderCluster;
}

/** What a worker takes from an older kubeadm's ClusterConfiguration (kubeadm.k8s.io/v1beta2). */
export interface OlderCluster {
  apiVersion: string;
  kubernetesVersion: string;
  clusterName: string;
  imageRepository: string;
}

export interface JoiningInputs {
  config: Config;
  paths: Paths;
  fs: Fs;
  log: Logger;
  /** --cert-dir was given. */
  certDirGiven: boolean;
}

const KUBEADM_CONFIG = { apiVersion: 'v1', kind: 'ConfigMap', name: 'kubeadm-config', namespace: 'kube-system' } as const;
const KUBELET_CONFIG = { apiVersion: 'v1', kind: 'ConfigMap', name: 'kubelet-config', namespace: 'kube-system' } as const;

export async function startJoin(inputs: JoiningInputs): Promise<Joining> {
  const join = inputs.config.join;
  if (!join) throw new MinikubeadmError('INTERNAL', 'join needs a JoinConfiguration');
  const { log } = inputs;
  const read = (p: string): Promise<string | undefined> => inputs.fs.readText(p);
  let discovered: DiscoveredCluster;
  try {
    if (join.discovery.file) {
      const { fileDiscovery } = await import('../discovery/file.js');
      discovered = await fileDiscovery({ location: join.discovery.file.kubeConfigPath, read, timeoutMs: join.timeouts.discovery.ms, log });
    } else if (join.discovery.bootstrapToken) {
      const bt = join.discovery.bootstrapToken;
      const { tokenDiscovery } = await import('../discovery/token.js');
      discovered = await tokenDiscovery({
        endpoint: bt.apiServerEndpoint,
        token: bt.token,
        caCertHashes: bt.caCertHashes,
        unsafeSkipCAVerification: bt.unsafeSkipCAVerification,
        timeoutMs: join.timeouts.discovery.ms,
        log,
      });
    } else {
      throw new MinikubeadmError('DISCOVERY_FAILED', "couldn't find a valid discovery configuration", { hint: 'pass --token with --discovery-token-ca-cert-hash, or --discovery-file' });
    }
  } catch (e) {
    if (e instanceof MinikubeadmError) {
      throw new MinikubeadmError(e.code, `couldn't validate the identity of the API Server: ${e.message}`, { hint: e.hint, cause: e, exitCode: e.exitCode });
    }
    throw e;
  }
  const { tlsBootstrapKubeconfig, renameCluster } = await import('../kubeconfig/bootstrap.js');
  const { clientFromKubeconfigObject } = await import('../kube/client/client.js');
  const source = discovered.via === 'token' ? `cluster-info from ${discovered.endpoint}` : join.discovery.file!.kubeConfigPath;
  const provisional = await tlsBootstrapKubeconfig({ ...discovered, source }, join.discovery.tlsBootstrapToken, 'kubernetes', read);
  const bootstrapClient = await clientFromKubeconfigObject(provisional, 'the TLS bootstrap identity', read);

  log.info('Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  log.info("Use 'minikubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.");
  const cm = await bootstrapClient.get(KUBEADM_CONFIG);
  const text = (cm?.['data'] as Record<string, string> | undefined)?.['ClusterConfiguration'];
  if (text === undefined) {
    throw new MinikubeadmError('JOIN_REFUSED', `the cluster at ${discovered.server} has no ClusterConfiguration in the kube-system/kubeadm-config ConfigMap`, {
      hint: 'upload it from a control-plane node: `minikubeadm init phase upload-config kubeadm --config cluster.yaml`',
    });
  }
  const { fetched, older } = await readClusterConfiguration(text, inputs, join.controlPlane !== undefined);
  const cluster = localClusterConfiguration(fetched, inputs.paths, inputs.certDirGiven);
  const paths: Paths = { ...inputs.paths, certificatesDir: cluster.certificatesDir, etcdDataDir: cluster.etcd.local?.dataDir ?? inputs.paths.etcdDataDir };
  let shared: Promise<SharedCertificate[]> | undefined;
  const sharedCertificates = (): Promise<SharedCertificate[]> =>
    (shared ??= (async () => {
      const download = await import('../copycerts/download.js');
      const key = join.controlPlane?.certificateKey ?? '';
      if (key !== '') return download.downloadSharedCertificates(bootstrapClient, cluster, cluster.certificatesDir, key);
      const missing = await download.missingSharedCertificates(inputs.fs, cluster, cluster.certificatesDir);
      if (missing.length > 0) {
        throw new MinikubeadmError('JOIN_REFUSED', `the certificates shared among control-plane nodes are missing: ${missing.join(', ')}`, {
          hint: 'join with --certificate-key (the key printed by `minikubeadm init --upload-certs` or `init phase upload-certs --upload-certs`), or copy these files from a control-plane node',
        });
      }
      return download.sharedCertificatesOnDisk(inputs.fs, cluster, cluster.certificatesDir);
    })());
  return {
    discovered,
    bootstrapKubeconfig: renameCluster(provisional, cluster.clusterName),
    bootstrapClient,
    cluster,
    config: joinNodeConfig(inputs.config, cluster),
    paths,
    sharedCertificates,
    ...(older ? { olderCluster: older } : {}),
  };
}

const SOURCE = 'ConfigMap kube-system/kubeadm-config';

/**
 * The cluster's ClusterConfiguration (kubeadm.k8s.io/v1beta3 or v1beta4). A worker may also join a
 * cluster of an older kubeadm (v1beta2, Kubernetes before v1.31): it only needs the cluster's name
 * and image repository, read leniently, with a warning. A control plane must understand the whole
 * configuration, so it is refused there.
 */
async function readClusterConfiguration(text: string, inputs: JoiningInputs, controlPlane: boolean): Promise<{ fetched: ClusterConfiguration; older?: OlderCluster }> {
  const { loadClusterConfiguration } = await import('../config/pipeline.js');
  try {
    return { fetched: await loadClusterConfiguration(text, SOURCE, inputs.paths.kubernetesDir) };
  } catch (e) {
    const older = olderClusterOf(text);
    if (!older || controlPlane) {
      const what = older ? `a ${older.apiVersion} configuration of Kubernetes ${older.kubernetesVersion || '(version unknown)'}` : 'a configuration';
      throw new MinikubeadmError('JOIN_REFUSED', `cannot use the cluster's configuration (${what}): ${(e as Error).message}`, {
        hint: older
          ? `a control plane joins only clusters this minikubeadm can run (kubeadm.k8s.io/v1beta3 or v1beta4, Kubernetes v1.${MIN_KUBERNETES_MINOR} and later); join a worker instead, or upgrade the cluster first`
          : 'the kubeadm-config ConfigMap is damaged or was written by another tool: re-upload it from a control-plane node with `minikubeadm init phase upload-config kubeadm --config cluster.yaml`',
        cause: e,
      });
    }
    inputs.log.warn(
      `the cluster's kubeadm-config is ${older.apiVersion} (Kubernetes ${older.kubernetesVersion || 'of an unknown version'}), which this minikubeadm does not run; ` +
        'joining as a worker with only its clusterName, imageRepository and kubernetesVersion',
    );
    const { defaultCluster } = await import('../config/defaults/cluster.js');
    const body: Record<string, unknown> = {};
    if (older.clusterName) body['clusterName'] = older.clusterName;
    if (older.imageRepository) body['imageRepository'] = older.imageRepository;
    // Its version too: what that cluster's kubeadm expects of a node follows it (below the table's
    // oldest row, the oldest row's behaviour: a CRI flag and the Node's cri-socket annotation).
    if (older.kubernetesVersion) body['kubernetesVersion'] = older.kubernetesVersion;
    return { fetched: defaultCluster(body, { kubernetesDir: inputs.paths.kubernetesDir, cwd: '/' }), older };
  }
}

/** The few fields of an older kubeadm's ClusterConfiguration a worker uses, or undefined when it is not one. */
function olderClusterOf(text: string): OlderCluster | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as Record<string, unknown>;
  const apiVersion = typeof d['apiVersion'] === 'string' ? d['apiVersion'] : '';
  if (!/^kubeadm\.k8s\.io\/v1beta[12]$/.test(apiVersion) || d['kind'] !== 'ClusterConfiguration') return undefined;
  const str = (k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
  return { apiVersion, kubernetesVersion: str('kubernetesVersion'), clusterName: str('clusterName'), imageRepository: str('imageRepository') };
}

/**
 * The cluster's KubeletConfiguration (kube-system/kubelet-config, read with the TLS-bootstrap
 * identity). A node with its own tree points staticPodPath and clientCAFile into it.
 */
export async function clusterKubeletConfiguration(joining: Joining, certDirGiven: boolean): Promise<Record<string, unknown>> {
  // The kubeadm of an older cluster named it after the minor version (kubelet-config-1.20), and
  // its RBAC lets the bootstrap token read that name only: asking for kubelet-config there is
  // forbidden, not "not found". So an older cluster's is read by that name first.
  const minor = /^v?(\d+)\.(\d+)/.exec(joining.olderCluster?.kubernetesVersion ?? '');
  let cm = minor ? await joining.bootstrapClient.get({ ...KUBELET_CONFIG, name: `${KUBELET_CONFIG.name}-${minor[1]}.${minor[2]}` }) : undefined;
  cm ??= await joining.bootstrapClient.get(KUBELET_CONFIG);
  const text = (cm?.['data'] as Record<string, string> | undefined)?.['kubelet'];
  if (text === undefined) {
    throw new MinikubeadmError('JOIN_REFUSED', 'the cluster has no kube-system/kubelet-config ConfigMap with a "kubelet" key', {
      hint:
        'upload it from a control-plane node with `minikubeadm init phase upload-config kubelet`; a cluster made by kubeadm before v1.26 names it kubelet-config-<version>, ' +
        'and this minikubeadm joins clusters of Kubernetes v1.31 and later',
    });
  }
  const doc = parseYaml(text) as Record<string, unknown>;
  if (ownTree(joining.paths, certDirGiven)) {
    doc['staticPodPath'] = joining.paths.manifestsDir;
    const authn = (doc['authentication'] ??= {}) as Record<string, Record<string, unknown>>;
    authn['x509'] = { ...(authn['x509'] ?? {}), clientCAFile: caCertPath(joining.paths) };
  }
  return doc;
}
