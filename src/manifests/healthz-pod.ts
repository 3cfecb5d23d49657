/**
 * The Pod shared by kube-controller-manager and kube-scheduler: HTTPS /healthz liveness and startup
 * probes on 127.0.0.1 (or the component's `bind-address` extraArg), no readiness probe, no annotations.
 */
import type { ControlPlaneComponent } from '../config/types.js';
import { getArgValue } from '../config/args.js';
import { mergeEnvVars } from './env.js';
import { kubernetesImage } from './images.js';
import { type BuiltPod, type ManifestInputs, templateEnv } from './pod.js';
import { livenessProbe, probeAddress, probeShape, startupProbe } from './probes.js';
import { releaseFor } from '../versions/release.js';
import type { VolumeSet } from './volumes.js';

export interface HealthzComponent {
  name: string;
  component: ControlPlaneComponent;
  port: number;
  cpu: string;
  command: string[];
  volumes: VolumeSet;
}

export function healthzComponentPod(inputs: ManifestInputs, c: HealthzComponent): BuiltPod {
  const bind = getArgValue(c.component.extraArgs, 'bind-address');
  const target = { host: bind === undefined ? '127.0.0.1' : probeAddress(bind), port: c.port, scheme: 'HTTPS' as const, path: '/healthz' };
  return {
    warnings: [],
    details: [],
    pod: {
      name: c.name,
      annotations: [],
      image: kubernetesImage(c.name, inputs.cluster),
      imagePullPolicy: inputs.imagePullPolicy,
      command: c.command,
      env: templateEnv(mergeEnvVars(inputs.proxyEnv, c.component.extraEnvs)),
      ...probeShape({ liveness: livenessProbe(target), readiness: null, startup: startupProbe(target, inputs.healthCheckTimeout) }, releaseFor(inputs.cluster.kubernetesVersion).manifests.namedProbePort),
      resources: { cpu: c.cpu, memory: '' },
      volumes: c.volumes.volumes(),
      volumeMounts: c.volumes.volumeMounts(),
    },
  };
}
