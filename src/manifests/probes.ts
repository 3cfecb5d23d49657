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

export function livenessProbe(t: Target): HttpProbe {
  return { ...t, initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 8, periodSeconds: 10 };
}

export function readinessProbe(t: Target): HttpProbe {
  return { ...t, initialDelaySeconds: 0, timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 };
}

/**
 * Startup probe: enough 10 s periods to cover the control-plane health-check timeout
 * (`timeouts.controlPlaneComponentHealthCheck`): 4m → 24.
 */
export function startupProbe(t: Target, healthCheckTimeout: Duration): HttpProbe {
  const periodSeconds = 10;
  const failureThreshold = Math.ceil(healthCheckTimeout.ms / 1000 / periodSeconds);
  return { ...t, initialDelaySeconds: periodSeconds, timeoutSeconds: 15, failureThreshold, periodSeconds };
}

/** A bind address usable as probe host: the unspecified addresses mean "probe the pod IP" (""). */
export function probeAddress(address: string): string {
  return address === '0.0.0.0' || address === '::' ? '' : address;
}
