/** The local etcd static Pod (phases/etcd/local.go: getEtcdCommand and GetEtcdPodSpec). */
import { join } from 'node:path';
import { PORTS } from '../config/constants.js';
import type { Arg, LocalEtcd } from '../config/types.js';
import { joinHostPort } from '../net/host-port.js';
import { clientURLByIP, etcdClientURL, etcdPeerURL, isIPv6String, localhostFor } from './addresses.js';
import { command, getArgValue, setArgValue } from '../config/args.js';
import { keepsUserArgOrder, releaseFor } from '../versions/release.js';
import { mergeEnvVars } from './env.js';
import { etcdImage, etcdImageTag, etcdVersionFor } from './images.js';
import { etcdVersionFlags } from '../versions/etcd-flags.js';
import { type BuiltPod, type ManifestInputs, annotationList, templateEnv } from './pod.js';
import { type Scheme, livenessProbe, probeShape, readinessProbe, startupProbe } from './probes.js';
import { VolumeSet } from './volumes.js';

export const ETCD = 'etcd';
export const ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION = 'kubeadm.kubernetes.io/etcd.advertise-client-urls';

/** A member of an existing etcd cluster, for a joining control-plane node. */
export interface EtcdMember {
  name: string;
  peerURL: string;
}

function localEtcd(inputs: ManifestInputs): LocalEtcd {
  const local = inputs.cluster.etcd.local;
  if (!local) throw new Error('the etcd manifest needs etcd.local in the ClusterConfiguration');
  return local;
}

/**
 * etcd's flags (the corrupt-check and watch-progress ones as the etcd image's release spells them);
 * `initialCluster` (a joining member) switches to `--initial-cluster-state=existing`.
 */
export function etcdCommand(inputs: ManifestInputs, initialCluster: readonly EtcdMember[] = []): string[] {
  const { endpoint, nodeName, paths } = inputs;
  const pki = (file: string): string => join(paths.certificatesDir, file);
  const localhost = localhostFor(endpoint.advertiseAddress);
  let args: Arg[] = [
    { name: 'name', value: nodeName },
    { name: 'listen-client-urls', value: `${clientURLByIP(localhost)},${etcdClientURL(endpoint)}` },
    { name: 'advertise-client-urls', value: etcdClientURL(endpoint) },
    { name: 'listen-peer-urls', value: etcdPeerURL(endpoint) },
    { name: 'initial-advertise-peer-urls', value: etcdPeerURL(endpoint) },
    { name: 'data-dir', value: paths.etcdDataDir },
    { name: 'cert-file', value: pki('etcd/server.crt') },
    { name: 'key-file', value: pki('etcd/server.key') },
    { name: 'trusted-ca-file', value: pki('etcd/ca.crt') },
    { name: 'client-cert-auth', value: 'true' },
    { name: 'peer-cert-file', value: pki('etcd/peer.crt') },
    { name: 'peer-key-file', value: pki('etcd/peer.key') },
    { name: 'peer-trusted-ca-file', value: pki('etcd/ca.crt') },
    { name: 'peer-client-cert-auth', value: 'true' },
    { name: 'snapshot-count', value: '10000' },
    { name: 'listen-metrics-urls', value: `http://${joinHostPort(localhost, PORTS.etcdMetrics)}` },
    ...etcdVersionFlags(etcdImageTag(inputs.cluster), etcdVersionFor(inputs.cluster.kubernetesVersion).version),
  ];
  if (initialCluster.length === 0) {
    args = setArgValue(args, 'initial-cluster', `${nodeName}=${etcdPeerURL(endpoint)}`);
  } else {
    args = setArgValue(args, 'initial-cluster', initialCluster.map((m) => `${m.name}=${m.peerURL}`).join(','));
    args = setArgValue(args, 'initial-cluster-state', 'existing');
  }
  return command(ETCD, args, localEtcd(inputs).extraArgs, keepsUserArgOrder(inputs.cluster.kubernetesVersion));
}

/**
 * Where the etcd probes go: the first `listen-metrics-urls` extraArg URL when there is one
 * (its host, port and scheme, each falling back to the default), else http://<localhost>:2381.
 */
export function etcdProbeEndpoint(inputs: ManifestInputs): { host: string; port: number; scheme: Scheme } {
  const localhost = isIPv6String(inputs.endpoint.advertiseAddress) ? '::1' : '127.0.0.1';
  const fallback = { host: localhost, port: PORTS.etcdMetrics, scheme: 'HTTP' as Scheme };
  const urls = getArgValue(inputs.cluster.etcd.local?.extraArgs ?? [], 'listen-metrics-urls');
  if (urls === undefined) return fallback;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(urls.split(',')[0]!);
  if (!m) return fallback;
  const authority = m[2]!.slice(m[2]!.lastIndexOf('@') + 1);
  let host: string;
  let portText: string;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return fallback;
    host = authority.slice(1, end);
    portText = authority.slice(end + 1).replace(/^:/, '');
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? '' : authority.slice(colon + 1);
  }
  const port = /^\d+$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535 ? Number(portText) : PORTS.etcdMetrics;
  return { host: host || localhost, port, scheme: m[1]!.toLowerCase() === 'https' ? 'HTTPS' : 'HTTP' };
}

export function etcdPod(inputs: ManifestInputs, initialCluster: readonly EtcdMember[] = []): BuiltPod {
  const local = localEtcd(inputs);
  const dataDir = inputs.paths.etcdDataDir;
  const certsDir = join(inputs.paths.certificatesDir, 'etcd');
  const volumes = new VolumeSet().add('etcd-data', dataDir, dataDir, false, 'DirectoryOrCreate').add('etcd-certs', certsDir, certsDir, false, 'DirectoryOrCreate');
  const target = etcdProbeEndpoint(inputs);
  const image = etcdImage(inputs.cluster);
  return {
    warnings: [],
    details: image.warning ? [`WARNING: ${image.warning}`] : [],
    pod: {
      name: ETCD,
      annotations: annotationList({ [ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]: etcdClientURL(inputs.endpoint) }),
      image: image.image,
      imagePullPolicy: inputs.imagePullPolicy,
      command: etcdCommand(inputs, initialCluster),
      env: templateEnv(mergeEnvVars(local.extraEnvs)),
      ...probeShape(
        {
          liveness: livenessProbe({ ...target, path: '/livez' }),
          readiness: readinessProbe({ ...target, path: '/readyz' }),
          startup: startupProbe({ ...target, path: '/readyz' }, inputs.healthCheckTimeout),
        },
        releaseFor(inputs.cluster.kubernetesVersion).manifests.namedProbePort,
      ),
      resources: { cpu: '100m', memory: '100Mi' },
      volumes: volumes.volumes(),
      // kubeadm lists etcd's mounts in this fixed order (data, then certs), not sorted.
      volumeMounts: [
        { name: 'etcd-data', mountPath: dataDir, readOnly: false },
        { name: 'etcd-certs', mountPath: certsDir, readOnly: false },
      ],
    },
  };
}
