/**
 * HTTP probes of the static Pods (util/staticpod: LivenessProbe, ReadinessProbe, StartupProbe) and
 * the address each one targets.
 */
import type { Duration } from '../config/duration.js';

export type Scheme = 'HTTP' | 'HTTPS';

export interface HttpProbe {
  /** Empty means "the pod IP" (the field is then left out). */
  host: string;
  path: string;
  port: number;
  /** The container port's name the probe targets instead of `port` (kubeadm v1.34+: `probe-port`); empty: none. */
  portName: string;
  scheme: Scheme;
  /** 0 is left out of the manifest, as Go's omitempty does. */
  initialDelaySeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  periodSeconds: number;
}

export interface Probes {
  liveness: HttpProbe;
  readiness: HttpProbe | null;
  startup: HttpProbe;
}

type Target = Pick<HttpProbe, 'host' | 'path' | 'port' | 'scheme'>;

/** The named container port kubeadm (v1.34+) points every static Pod probe at. */
export const PROBE_PORT_NAME = 'probe-port';

/** A container port of a static Pod. */
export interface ContainerPort {
  name: string;
  containerPort: number;
}

export function livenessProbe(t: Target): HttpProbe {
  return { ...t, portName: '', initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 8, periodSeconds: 10 };
}

export function readinessProbe(t: Target): HttpProbe {
  return { ...t, portName: '', initialDelaySeconds: 0, timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 };
}

/**
 * Startup probe: enough 10 s periods to cover the control-plane health-check timeout
 * (`timeouts.controlPlaneComponentHealthCheck`): 4m → 24.
 */
export function startupProbe(t: Target, healthCheckTimeout: Duration): HttpProbe {
  const periodSeconds = 10;
  const failureThreshold = Math.ceil(healthCheckTimeout.ms / 1000 / periodSeconds);
  return { ...t, portName: '', initialDelaySeconds: periodSeconds, timeoutSeconds: 15, failureThreshold, periodSeconds };
}

/** A bind address usable as probe host: the unspecified addresses mean "probe the pod IP" (""). */
export function probeAddress(address: string): string {
  return address === '0.0.0.0' || address === '::' ? '' : address;
}

/**
 * Probes and container ports in the shape of the Kubernetes version: from v1.34 (the version table's
 * namedProbePort) the probes target a container port named `probe-port` carrying the probed port,
 * so a patch that moves the port changes one place; before, the probes carry the number and the
 * container declares no ports.
 */
export function probeShape(probes: Probes, namedProbePort: boolean): { probes: Probes; ports: ContainerPort[] } {
  if (!namedProbePort) return { probes, ports: [] };
  const named = (p: HttpProbe): HttpProbe => ({ ...p, portName: PROBE_PORT_NAME });
  return {
    probes: { liveness: named(probes.liveness), readiness: probes.readiness && named(probes.readiness), startup: named(probes.startup) },
    ports: [{ name: PROBE_PORT_NAME, containerPort: probes.liveness.port }],
  };
}
