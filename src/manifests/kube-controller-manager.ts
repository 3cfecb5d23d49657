/** The kube-controller-manager static Pod (getControllerManagerCommand and its Pod). */
import { join } from 'node:path';
import { PORTS } from '../config/constants.js';
import type { Arg } from '../config/types.js';
import { command, getArgValue, setArgValue } from './args.js';
import { CONTROLLER_MANAGER_KUBECONFIG, controlPlaneVolumes } from './control-plane-volumes.js';
import { mergeEnvVars } from './env.js';
import { kubernetesImage } from './images.js';
import { type BuiltPod, type ManifestInputs, templateEnv } from './pod.js';
import { livenessProbe, probeAddress, startupProbe } from './probes.js';

export const KUBE_CONTROLLER_MANAGER = 'kube-controller-manager';

export function controllerManagerCommand(inputs: ManifestInputs): string[] {
  const { cluster, paths } = inputs;
  const pki = (file: string): string => join(paths.certificatesDir, file);
  const kubeconfig = join(paths.kubeconfigDir, CONTROLLER_MANAGER_KUBECONFIG);
  let args: Arg[] = [
    { name: 'bind-address', value: '127.0.0.1' },
    { name: 'leader-elect', value: 'true' },
    { name: 'kubeconfig', value: kubeconfig },
    { name: 'authentication-kubeconfig', value: kubeconfig },
    { name: 'authorization-kubeconfig', value: kubeconfig },
    { name: 'client-ca-file', value: pki('ca.crt') },
    { name: 'requestheader-client-ca-file', value: pki('front-proxy-ca.crt') },
    { name: 'root-ca-file', value: pki('ca.crt') },
    { name: 'service-account-private-key-file', value: pki('sa.key') },
    { name: 'cluster-signing-cert-file', value: pki('ca.crt') },
    { name: 'cluster-signing-key-file', value: pki('ca.key') },
    { name: 'use-service-account-credentials', value: 'true' },
    { name: 'controllers', value: '*,bootstrapsigner,tokencleaner' },
  ];
  // Without the CA key the csrsigning controller must not start: give it empty files.
  if (inputs.externalCA) {
    args = setArgValue(args, 'cluster-signing-key-file', '');
    args = setArgValue(args, 'cluster-signing-cert-file', '');
  }
  const { podSubnet, serviceSubnet } = cluster.networking;
  if (podSubnet) {
    args = setArgValue(args, 'allocate-node-cidrs', 'true');
    args = setArgValue(args, 'cluster-cidr', podSubnet);
    if (serviceSubnet) args = setArgValue(args, 'service-cluster-ip-range', serviceSubnet);
  }
  if (cluster.clusterName) args = setArgValue(args, 'cluster-name', cluster.clusterName);
  return command(KUBE_CONTROLLER_MANAGER, args, cluster.controllerManager.extraArgs);
}

export function controllerManagerPod(inputs: ManifestInputs): BuiltPod {
  const { cluster } = inputs;
  const volumes = controlPlaneVolumes(inputs).controllerManager;
  const bind = getArgValue(cluster.controllerManager.extraArgs, 'bind-address');
  const target = { host: bind === undefined ? '127.0.0.1' : probeAddress(bind), port: PORTS.controllerManager, scheme: 'HTTPS' as const };
  return {
    warnings: [],
    details: [],
    pod: {
      name: KUBE_CONTROLLER_MANAGER,
      annotations: [],
      image: kubernetesImage(KUBE_CONTROLLER_MANAGER, cluster),
      imagePullPolicy: inputs.imagePullPolicy,
      command: controllerManagerCommand(inputs),
      env: templateEnv(mergeEnvVars(inputs.proxyEnv, cluster.controllerManager.extraEnvs)),
      probes: {
        liveness: livenessProbe({ ...target, path: '/healthz' }),
        readiness: null,
        startup: startupProbe({ ...target, path: '/healthz' }, inputs.healthCheckTimeout),
      },
      resources: { cpu: '200m', memory: '' },
      volumes: volumes.volumes(),
      volumeMounts: volumes.volumeMounts(),
    },
  };
}
