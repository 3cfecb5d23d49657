/** The kube-controller-manager static Pod (getControllerManagerCommand and its Pod). */
import { join } from 'node:path';
import { kubeconfigPath } from '../config/paths.js';
import { PORTS } from '../config/constants.js';
import type { Arg } from '../config/types.js';
import { command, setArgValue } from '../config/args.js';
import { keepsUserArgOrder } from '../versions/release.js';
import { controlPlaneVolumes } from './control-plane-volumes.js';
import { healthzComponentPod } from './healthz-pod.js';
import type { BuiltPod, ManifestInputs } from './pod.js';

const KUBE_CONTROLLER_MANAGER = 'kube-controller-manager';

export function controllerManagerCommand(inputs: ManifestInputs): string[] {
  const { cluster, paths } = inputs;
  const pki = (file: string): string => join(paths.certificatesDir, file);
  const kubeconfig = kubeconfigPath(paths, 'controllerManager');
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
  return command(KUBE_CONTROLLER_MANAGER, args, cluster.controllerManager.extraArgs, keepsUserArgOrder(cluster.kubernetesVersion));
}

export function controllerManagerPod(inputs: ManifestInputs): BuiltPod {
  return healthzComponentPod(inputs, {
    name: KUBE_CONTROLLER_MANAGER,
    component: inputs.cluster.controllerManager,
    port: PORTS.controllerManager,
    cpu: '200m',
    command: controllerManagerCommand(inputs),
    volumes: controlPlaneVolumes(inputs).controllerManager,
  });
}
