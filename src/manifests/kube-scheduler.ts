/** The kube-scheduler static Pod (getSchedulerCommand and its Pod). */
import { kubeconfigPath } from '../config/paths.js';
import { PORTS } from '../config/constants.js';
import type { Arg } from '../config/types.js';
import { command } from '../config/args.js';
import { keepsUserArgOrder } from '../versions/release.js';
import { controlPlaneVolumes } from './control-plane-volumes.js';
import { healthzComponentPod } from './healthz-pod.js';
import type { BuiltPod, ManifestInputs } from './pod.js';

const KUBE_SCHEDULER = 'kube-scheduler';

export function schedulerCommand(inputs: ManifestInputs): string[] {
  const kubeconfig = kubeconfigPath(inputs.paths, 'scheduler');
  const args: Arg[] = [
    { name: 'bind-address', value: '127.0.0.1' },
    { name: 'leader-elect', value: 'true' },
    { name: 'kubeconfig', value: kubeconfig },
    { name: 'authentication-kubeconfig', value: kubeconfig },
    { name: 'authorization-kubeconfig', value: kubeconfig },
  ];
  return command(KUBE_SCHEDULER, args, inputs.cluster.scheduler.extraArgs, keepsUserArgOrder(inputs.cluster.kubernetesVersion));
}

export function schedulerPod(inputs: ManifestInputs): BuiltPod {
  return healthzComponentPod(inputs, {
    name: KUBE_SCHEDULER,
    component: inputs.cluster.scheduler,
    port: PORTS.scheduler,
    cpu: '100m',
    command: schedulerCommand(inputs),
    volumes: controlPlaneVolumes(inputs).scheduler,
  });
}
