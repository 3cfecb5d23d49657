/**
 * The one kubeadm.k8s.io/v1beta4 encoder: a defaulted config back to the documents kubeadm would
 * marshal, used for the kubeadm-config ConfigMap (upload-config) and `config print`. Go's rules:
 * scalar, list and map fields with `omitempty` are left out when empty; struct fields are always
 * there (`{}` when empty); `nodeRegistration.taints` has no omitempty, so an unset list is `null`.
 */
import type { ClusterConfiguration, ControlPlaneComponent, InitConfiguration, JoinConfiguration, NodeRegistrationOptions, Timeouts } from '../types.js';
import { API_VERSION_V1BETA4 } from '../types.js';

type Json = Record<string, unknown>;

/** Drop what Go's omitempty drops: undefined, '', false, null, empty lists and maps. */
function compact(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === '' || v === false || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length > 0) out[k] = v;
    } else if (typeof v === 'object') {
      if (Object.keys(v).length > 0) out[k] = v;
    } else {
      out[k] = v;
    }
  }
  return out;
}

const args = (list: readonly { name: string; value: string }[]): Json[] => list.map((a) => ({ name: a.name, value: a.value }));

const component = (c: ControlPlaneComponent): Json =>
  compact({ extraArgs: args(c.extraArgs), extraEnvs: c.extraEnvs, extraVolumes: c.extraVolumes.map((v) => compact({ ...v })) });

export function encodeClusterConfiguration(c: ClusterConfiguration): Json {
  const etcd: Json = {};
  if (c.etcd.local) {
    const l = c.etcd.local;
    etcd['local'] = compact({
      imageRepository: l.imageRepository,
      imageTag: l.imageTag,
      dataDir: l.dataDir,
      extraArgs: args(l.extraArgs),
      extraEnvs: l.extraEnvs,
      serverCertSANs: l.serverCertSANs,
      peerCertSANs: l.peerCertSANs,
    });
  }
  if (c.etcd.external) etcd['external'] = compact({ ...c.etcd.external });
  return {
    ...compact({
      apiVersion: API_VERSION_V1BETA4,
      kind: 'ClusterConfiguration',
      kubernetesVersion: c.kubernetesVersion,
      controlPlaneEndpoint: c.controlPlaneEndpoint,
      certificatesDir: c.certificatesDir,
      imageRepository: c.imageRepository,
      featureGates: c.featureGates,
      clusterName: c.clusterName,
      encryptionAlgorithm: c.encryptionAlgorithm,
      certificateValidityPeriod: c.certificateValidityPeriod.text,
      caCertificateValidityPeriod: c.caCertificateValidityPeriod.text,
    }),
    etcd,
    networking: compact({ ...c.networking }),
    apiServer: compact({ ...component(c.apiServer), certSANs: c.apiServer.certSANs }),
    controllerManager: component(c.controllerManager),
    scheduler: component(c.scheduler),
    dns: compact({ imageRepository: c.dns.imageRepository, imageTag: c.dns.imageTag, disabled: c.dns.disabled }),
    proxy: compact({ disabled: c.proxy.disabled }),
  };
}

function nodeRegistration(n: NodeRegistrationOptions): Json {
  return {
    ...compact({
      name: n.name,
      criSocket: n.criSocket,
      kubeletExtraArgs: args(n.kubeletExtraArgs),
      ignorePreflightErrors: n.ignorePreflightErrors,
      imagePullPolicy: n.imagePullPolicy,
      imagePullSerial: n.imagePullSerial,
    }),
    taints: n.taints ?? null,
  };
}

const timeouts = (t: Timeouts): Json => Object.fromEntries(Object.entries(t).map(([k, d]) => [k, d.text]));

export function encodeInitConfiguration(c: InitConfiguration): Json {
  return compact({
    apiVersion: API_VERSION_V1BETA4,
    kind: 'InitConfiguration',
    bootstrapTokens: c.bootstrapTokens.map((t) =>
      compact({ token: t.token, description: t.description, ttl: t.ttl.text, expires: t.expires, usages: t.usages, groups: t.groups }),
    ),
    dryRun: c.dryRun,
    nodeRegistration: nodeRegistration(c.nodeRegistration),
    localAPIEndpoint: compact({ ...c.localAPIEndpoint }),
    certificateKey: c.certificateKey,
    skipPhases: c.skipPhases,
    patches: c.patches,
    timeouts: timeouts(c.timeouts),
  });
}

export function encodeJoinConfiguration(c: JoinConfiguration): Json {
  const d = c.discovery;
  const discovery = compact({
    bootstrapToken: d.bootstrapToken && { ...compact({ ...d.bootstrapToken }), token: d.bootstrapToken.token },
    file: d.file,
    tlsBootstrapToken: d.tlsBootstrapToken,
  });
  return compact({
    apiVersion: API_VERSION_V1BETA4,
    kind: 'JoinConfiguration',
    dryRun: c.dryRun,
    nodeRegistration: nodeRegistration(c.nodeRegistration),
    caCertPath: c.caCertPath,
    discovery,
    controlPlane: c.controlPlane && compact({ localAPIEndpoint: compact({ ...c.controlPlane.localAPIEndpoint }), certificateKey: c.controlPlane.certificateKey }),
    skipPhases: c.skipPhases,
    patches: c.patches,
    timeouts: timeouts(c.timeouts),
  });
}
