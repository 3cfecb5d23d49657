/**
 * Health endpoints of the node's kubelet and control-plane components, probed the way kubeadm's
 * wait-control-plane does: the kubelet's healthz over HTTP, the API server's /livez at the local
 * endpoint verified with the cluster CA, controller-manager and scheduler over HTTPS without
 * verification (their serving certificates are self-signed).
 */
import { getArgValue } from '../config/args.js';
import { PORTS } from '../config/constants.js';
import type { Arg, Config } from '../config/types.js';
import { joinHostPort } from '../net/host-port.js';
import { type Endpoint, endpoint } from '../net/http.js';

export interface HealthCheck {
  /** Component name as kubeadm prints it. */
  name: string;
  url: string;
  /** CA PEM to verify the server with; absent means no verification. */
  ca?: Buffer;
}

/** The address a component listens on, from its bind-address extraArg (kubeadm's probe host rule). */
function localHost(args: readonly Arg[]): string {
  const bind = getArgValue(args, 'bind-address');
  if (!bind || bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '::1';
  return bind;
}

export function kubeletHealthCheck(kubeletConfig?: Record<string, unknown>): HealthCheck {
  const host = (kubeletConfig?.['healthzBindAddress'] as string | undefined) || '127.0.0.1';
  const port = (kubeletConfig?.['healthzPort'] as number | undefined) ?? PORTS.kubeletHealthz;
  return { name: 'kubelet', url: `http://${joinHostPort(host, port)}/healthz` };
}

export function controlPlaneHealthChecks(config: Config, ca: Buffer): HealthCheck[] {
  const ep = config.init.localAPIEndpoint;
  const apiHost = ep.advertiseAddress && ep.advertiseAddress !== '0.0.0.0' && ep.advertiseAddress !== '::' ? ep.advertiseAddress : '127.0.0.1';
  const cm = config.cluster.controllerManager.extraArgs;
  const sched = config.cluster.scheduler.extraArgs;
  return [
    { name: 'kube-apiserver', url: `https://${joinHostPort(apiHost, ep.bindPort)}/livez`, ca },
    {
      name: 'kube-controller-manager',
      url: `https://${joinHostPort(localHost(cm), getArgValue(cm, 'secure-port') ?? PORTS.controllerManager)}/healthz`,
    },
    { name: 'kube-scheduler', url: `https://${joinHostPort(localHost(sched), getArgValue(sched, 'secure-port') ?? PORTS.scheduler)}/healthz` },
  ];
}

export interface ProbeOutcome {
  healthy: boolean;
  /** HTTP status and body excerpt, or the transport error. */
  detail: string;
}

/** A prober for one check: GET the URL, healthy on 200 (the body is only shown when it is not). */
export function prober(check: HealthCheck, timeoutMs = 5_000): { probe: () => Promise<ProbeOutcome>; close: () => void } {
  const url = new URL(check.url);
  const ep: Endpoint = endpoint(`${url.protocol}//${url.host}`, check.ca ? { ca: check.ca } : { insecure: true });
  return {
    probe: async () => {
      try {
        const res = await ep.request('GET', url.pathname + url.search, { timeoutMs, headers: { Accept: '*/*' } });
        if (res.status === 200) return { healthy: true, detail: 'ok' };
        return { healthy: false, detail: `HTTP ${res.status}: ${res.body.trim().split('\n').slice(-3).join(' ').slice(0, 200)}` };
      } catch (e) {
        return { healthy: false, detail: (e as Error).message };
      }
    },
    close: () => ep.close(),
  };
}
