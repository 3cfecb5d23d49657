/** The kube-scheduler static Pod (getSchedulerCommand and its Pod). */
import { join } from 'node:path';
import { PORTS } from '../config/constants.js';
import type { Arg } from '../config/types.js';
import { command } from './args.js';
import { SCHEDULER_KUBECONFIG, controlPlaneVolumes } from './control-plane-volumes.js';
import { healthzComponentPod } from './healthz-pod.js';
import type { BuiltPod, ManifestInputs } from './pod.js';

export const KUBE_SCHEDULER = 'kube-scheduler';

export function schedulerCommand(inputs: ManifestInputs): string[] {
  const kubeconfig = join(inputs.paths.kubeconfigDir, SCHEDULER_KUBECONFIG);
  const args: Arg[] = [
    { name: 'bind-address', value: '127.0.0.1' },
    { name: 'leader-elect', value: 'true' },
    { name: 'kubeconfig', value: kubeconfig },
    { name: 'authentication-kubeconfig', value: kubeconfig },
    { name: 'authorization-kubeconfig', value: kubeconfig },
  ];
  return command(KUBE_SCHEDULER, args, inputs.cluster.scheduler.extraArgs);
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
