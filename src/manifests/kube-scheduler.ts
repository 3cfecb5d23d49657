/** The kube-scheduler static Pod (getSchedulerCommand and its Pod). */
import { join } from 'node:path';
import { PORTS } from '../config/constants.js';
import type { Arg } from '../config/types.js';
import { command, getArgValue } from './args.js';
import { SCHEDULER_KUBECONFIG, controlPlaneVolumes } from './control-plane-volumes.js';
import { mergeEnvVars } from './env.js';
import { kubernetesImage } from './images.js';
import { type BuiltPod, type ManifestInputs, templateEnv } from './pod.js';
import { livenessProbe, probeAddress, startupProbe } from './probes.js';

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
  const { cluster } = inputs;
  const volumes = controlPlaneVolumes(inputs).scheduler;
  const bind = getArgValue(cluster.scheduler.extraArgs, 'bind-address');
  const target = { host: bind === undefined ? '127.0.0.1' : probeAddress(bind), port: PORTS.scheduler, scheme: 'HTTPS' as const };
  return {
    warnings: [],
    details: [],
    pod: {
      name: KUBE_SCHEDULER,
      annotations: [],
      image: kubernetesImage(KUBE_SCHEDULER, cluster),
      imagePullPolicy: inputs.imagePullPolicy,
      command: schedulerCommand(inputs),
      env: templateEnv(mergeEnvVars(inputs.proxyEnv, cluster.scheduler.extraEnvs)),
      probes: {
        liveness: livenessProbe({ ...target, path: '/healthz' }),
        readiness: null,
        startup: startupProbe({ ...target, path: '/healthz' }, inputs.healthCheckTimeout),
      },
      resources: { cpu: '100m', memory: '' },
      volumes: volumes.volumes(),
      volumeMounts: volumes.volumeMounts(),
    },
  };
}
