/** The kube-apiserver static Pod (controlplane/manifests.go: getAPIServerCommand and its Pod). */
import { join } from 'node:path';
import type { Arg } from '../config/types.js';
import { clientURLByIP, endpointString, localhostFor } from './addresses.js';
import { command, getArgValue, setArgValue } from '../config/args.js';
import { keepsUserArgOrder, releaseFor } from '../versions/release.js';
import { controlPlaneVolumes } from './control-plane-volumes.js';
import { mergeEnvVars } from './env.js';
import { kubernetesImage } from './images.js';
import { type BuiltPod, type ManifestInputs, annotationList, templateEnv } from './pod.js';
import { livenessProbe, probeAddress, probeShape, readinessProbe, startupProbe } from './probes.js';

const KUBE_APISERVER = 'kube-apiserver';
export const ADVERTISE_ADDRESS_ANNOTATION = 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint';

const DEFAULT_AUTHZ_MODES = ['Node', 'RBAC'];
const VALID_AUTHZ_MODES = new Set(['Node', 'RBAC', 'Webhook', 'ABAC', 'AlwaysAllow', 'AlwaysDeny']);

/**
 * The authorization-mode kubeadm puts among the defaults: Node,RBAC, or the valid modes of the
 * user's `authorization-mode` extraArg (with a warning for each invalid one and when they differ
 * from the default). The filtered value replaces the user's on the command line, so a typo cannot
 * leave the API server unable to start.
 */
export function authorizationModes(requested: string | undefined): { value: string; warnings: string[] } {
  const warnings: string[] = [];
  if (requested) {
    const modes: string[] = [];
    for (const mode of requested.split(',')) {
      if (VALID_AUTHZ_MODES.has(mode)) modes.push(mode);
      else warnings.push(`ignoring unknown kube-apiserver authorization-mode "${mode}"`);
    }
    if (modes.length > 0) {
      const value = modes.join(',');
      if (value !== DEFAULT_AUTHZ_MODES.join(',')) {
        warnings.push(`the default kube-apiserver authorization-mode is "${DEFAULT_AUTHZ_MODES.join(',')}"; using "${value}"`);
      }
      return { value, warnings };
    }
  }
  return { value: DEFAULT_AUTHZ_MODES.join(','), warnings };
}

export function apiServerCommand(inputs: ManifestInputs): { command: string[]; warnings: string[] } {
  const { cluster, endpoint, paths } = inputs;
  const pki = (file: string): string => join(paths.certificatesDir, file);
  let args: Arg[] = [
    { name: 'advertise-address', value: endpoint.advertiseAddress },
    { name: 'enable-admission-plugins', value: 'NodeRestriction' },
    { name: 'service-cluster-ip-range', value: cluster.networking.serviceSubnet },
    { name: 'service-account-key-file', value: pki('sa.pub') },
    { name: 'service-account-signing-key-file', value: pki('sa.key') },
    { name: 'service-account-issuer', value: `https://kubernetes.default.svc.${cluster.networking.dnsDomain}` },
    { name: 'client-ca-file', value: pki('ca.crt') },
    { name: 'tls-cert-file', value: pki('apiserver.crt') },
    { name: 'tls-private-key-file', value: pki('apiserver.key') },
    { name: 'kubelet-client-certificate', value: pki('apiserver-kubelet-client.crt') },
    { name: 'kubelet-client-key', value: pki('apiserver-kubelet-client.key') },
    { name: 'enable-bootstrap-token-auth', value: 'true' },
    { name: 'secure-port', value: String(endpoint.bindPort) },
    { name: 'allow-privileged', value: 'true' },
    { name: 'kubelet-preferred-address-types', value: 'InternalIP,ExternalIP,Hostname' },
    { name: 'requestheader-username-headers', value: 'X-Remote-User' },
    { name: 'requestheader-group-headers', value: 'X-Remote-Group' },
    { name: 'requestheader-extra-headers-prefix', value: 'X-Remote-Extra-' },
    { name: 'requestheader-client-ca-file', value: pki('front-proxy-ca.crt') },
    { name: 'requestheader-allowed-names', value: 'front-proxy-client' },
    { name: 'proxy-client-cert-file', value: pki('front-proxy-client.crt') },
    { name: 'proxy-client-key-file', value: pki('front-proxy-client.key') },
  ];
  const external = cluster.etcd.external;
  if (external) {
    args = setArgValue(args, 'etcd-servers', external.endpoints.join(','));
    if (external.caFile) args = setArgValue(args, 'etcd-cafile', external.caFile);
    if (external.certFile && external.keyFile) {
      args = setArgValue(args, 'etcd-certfile', external.certFile);
      args = setArgValue(args, 'etcd-keyfile', external.keyFile);
    }
  } else {
    args = setArgValue(args, 'etcd-servers', clientURLByIP(localhostFor(endpoint.advertiseAddress)));
    args = setArgValue(args, 'etcd-cafile', pki('etcd/ca.crt'));
    args = setArgValue(args, 'etcd-certfile', pki('apiserver-etcd-client.crt'));
    args = setArgValue(args, 'etcd-keyfile', pki('apiserver-etcd-client.key'));
    const advertised = cluster.etcd.local ? getArgValue(cluster.etcd.local.extraArgs, 'advertise-client-urls') : undefined;
    if (advertised !== undefined) args = setArgValue(args, 'etcd-servers', advertised);
  }
  let extra = cluster.apiServer.extraArgs;
  let warnings: string[] = [];
  if (getArgValue(extra, 'authorization-config') === undefined) {
    const requested = getArgValue(extra, 'authorization-mode');
    const authz = authorizationModes(requested);
    warnings = authz.warnings;
    args = setArgValue(args, 'authorization-mode', authz.value);
    if (requested !== undefined) extra = setArgValue(extra, 'authorization-mode', authz.value);
  }
  return { command: command(KUBE_APISERVER, args, extra, keepsUserArgOrder(cluster.kubernetesVersion)), warnings };
}

export function apiServerPod(inputs: ManifestInputs): BuiltPod {
  const { cluster, endpoint } = inputs;
  const volumes = controlPlaneVolumes(inputs).apiServer;
  const host = endpoint.advertiseAddress ? probeAddress(endpoint.advertiseAddress) : '127.0.0.1';
  const target = { host, port: endpoint.bindPort, scheme: 'HTTPS' as const };
  const { command: cmd, warnings } = apiServerCommand(inputs);
  return {
    warnings,
    details: [],
    pod: {
      name: KUBE_APISERVER,
      annotations: annotationList({ [ADVERTISE_ADDRESS_ANNOTATION]: endpointString(endpoint) }),
      image: kubernetesImage(KUBE_APISERVER, cluster),
      imagePullPolicy: inputs.imagePullPolicy,
      command: cmd,
      env: templateEnv(mergeEnvVars(inputs.proxyEnv, cluster.apiServer.extraEnvs)),
      ...probeShape(
        {
          liveness: livenessProbe({ ...target, path: '/livez' }),
          readiness: readinessProbe({ ...target, path: '/readyz' }),
          startup: startupProbe({ ...target, path: '/livez' }, inputs.healthCheckTimeout),
        },
        releaseFor(cluster.kubernetesVersion).manifests.namedProbePort,
      ),
      resources: { cpu: '250m', memory: '' },
      volumes: volumes.volumes(),
      volumeMounts: volumes.volumeMounts(),
    },
  };
}
