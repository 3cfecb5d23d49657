/**
 * Health endpoints of the node's kubelet and control-plane components, probed the way kubeadm's
 * wait-control-plane does: the kubelet's healthz over HTTP, the API server's /livez at the local
 * endpoint verified with the cluster CA, controller-manager and scheduler over HTTPS without
 * verification (their serving certificates are self-signed), each where its manifest says.
 */
import { getArgValue } from '../config/args.js';
import { PORTS } from '../config/constants.js';
import type { Arg, Config } from '../config/types.js';
import { joinHostPort } from '../net/host-port.js';
import { type Endpoint, endpoint } from '../net/http.js';
import { parseYaml } from '../yaml.js';

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

/** The `--name=value` flags of a static Pod manifest's first container, or undefined when the text is not one. */
export function manifestArgs(text: string): Arg[] | undefined {
  let pod: unknown;
  try {
    pod = parseYaml(text);
  } catch {
    return undefined;
  }
  const command = (pod as { spec?: { containers?: { command?: unknown }[] } } | null)?.spec?.containers?.[0]?.command;
  if (!Array.isArray(command)) return undefined;
  return command.flatMap((c) => {
    const m = typeof c === 'string' ? /^--([^=]+)=(.*)$/s.exec(c) : null;
    return m ? [{ name: m[1]!, value: m[2]! }] : [];
  });
}

/** Flags of the written manifests, by component; a component missing here is checked from the config. */
export type ManifestFlags = Partial<Record<'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler', readonly Arg[]>>;

/**
 * What wait-control-plane checks. With WaitForAllControlPlaneComponents (beta 1.33, GA 1.34) every
 * component, at the address and port its own manifest's flags give (so patched or templated
 * manifests are respected); before, only the API server at this node's endpoint.
 */
export function controlPlaneHealthChecks(config: Config, ca: Buffer, manifests: ManifestFlags = {}, allComponents = true): HealthCheck[] {
  const ep = config.init.localAPIEndpoint;
  const api = manifests['kube-apiserver'];
  const advertised = (api && getArgValue(api, 'advertise-address')) || ep.advertiseAddress;
  const apiHost = advertised && advertised !== '0.0.0.0' && advertised !== '::' ? advertised : '127.0.0.1';
  const apiPort = (api && getArgValue(api, 'secure-port')) ?? ep.bindPort;
  const apiserver: HealthCheck = { name: 'kube-apiserver', url: `https://${joinHostPort(apiHost, apiPort)}/livez`, ca };
  if (!allComponents) return [apiserver];
  const cm = manifests['kube-controller-manager'] ?? config.cluster.controllerManager.extraArgs;
  const sched = manifests['kube-scheduler'] ?? config.cluster.scheduler.extraArgs;
  return [
    apiserver,
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
