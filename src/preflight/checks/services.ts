/** The container runtime socket and the init system's view of the kubelet and firewalld services. */
import type { HostProbe } from '../../host/system.js';
import { type Advisory, type Check, type CheckResult, always, fail, pass } from '../types.js';

const TIMEOUT_MS = 10_000;

type InitSystem =
  | { kind: 'systemd' | 'openrc' }
  | { kind: 'none'; reason: string };

/** systemd when systemctl is on PATH and systemd is PID 1 (kubeadm only looks for systemctl), else OpenRC, else none. */
export async function detectInitSystem(host: HostProbe): Promise<InitSystem> {
  if (await host.which('systemctl')) {
    if ((await host.stat('/run/systemd/system')) === 'dir') return { kind: 'systemd' };
    return { kind: 'none', reason: 'systemd is not running (/run/systemd/system is missing), skipping checking for services' };
  }
  if (await host.which('openrc')) return { kind: 'openrc' };
  return { kind: 'none', reason: 'no supported init system detected, skipping checking for services' };
}

async function output(host: HostProbe, cmd: string, args: string[], combined = false): Promise<{ ok: boolean; text: string }> {
  const r = await host.run(cmd, args, { timeoutMs: TIMEOUT_MS });
  if (r === 'missing') return { ok: false, text: '' };
  return { ok: r.exitCode === 0 && !r.timedOut, text: combined ? `${r.stdout}\n${r.stderr}` : r.stdout };
}

async function serviceExists(host: HostProbe, init: 'systemd' | 'openrc', service: string): Promise<boolean> {
  if (init === 'systemd') return !(await output(host, 'systemctl', ['status', service])).text.includes('Loaded: not-found');
  return !(await output(host, 'rc-service', [service, 'status'], true)).text.includes('does not exist');
}

async function serviceEnabled(host: HostProbe, init: 'systemd' | 'openrc', service: string): Promise<boolean> {
  if (init === 'systemd') return (await output(host, 'systemctl', ['is-enabled', service])).ok;
  return (await output(host, 'rc-update', ['show', 'default'])).text.includes(service);
}

async function serviceActive(host: HostProbe, init: 'systemd' | 'openrc', service: string): Promise<boolean> {
  if (init === 'systemd') return ['active', 'activating'].includes((await output(host, 'systemctl', ['is-active', service])).text.trim());
  return !(await output(host, 'rc-service', [service, 'status'])).text.includes('stopped');
}

const enableCommand = (init: 'systemd' | 'openrc', service: string): string =>
  init === 'systemd' ? `systemctl enable ${service}.service` : `rc-update add ${service} default`;

export const serviceKubeletCheck: Check = {
  name: 'Service-Kubelet',
  severity: 'warning',
  appliesTo: always,
  async run(host) {
    const init = await detectInitSystem(host);
    if (init.kind === 'none') return fail(init.reason, 'make sure the kubelet runs as a service under your init system; minikubeadm could not check it');
    if (!(await serviceExists(host, init.kind, 'kubelet'))) {
      return fail('kubelet service does not exist', 'install the kubelet package for your distribution (it ships the kubelet service unit and its kubeadm drop-in)');
    }
    if (!(await serviceEnabled(host, init.kind, 'kubelet'))) {
      const cmd = enableCommand(init.kind, 'kubelet');
      return fail(`kubelet service is not enabled, please run '${cmd}'`, `run \`${cmd}\` so the kubelet starts on boot`);
    }
    return pass(`kubelet service is enabled (${init.kind})`);
  },
};

export function firewalldCheck(ports: (plan: Parameters<Check['run']>[1]) => number[]): Check {
  return {
    name: 'Firewalld',
    severity: 'warning',
    appliesTo: always,
    async run(host, plan) {
      const init = await detectInitSystem(host);
      if (init.kind === 'none') return fail(init.reason, 'if a firewall runs on this node, open the control-plane ports yourself');
      if (!(await serviceExists(host, init.kind, 'firewalld'))) return pass('firewalld is not installed');
      if (!(await serviceActive(host, init.kind, 'firewalld'))) return pass('firewalld is not active');
      const list = ports(plan);
      return fail(
        `firewalld is active, please ensure ports [${list.join(' ')}] are open or your cluster may not function correctly`,
        `open them: \`firewall-cmd --permanent ${list.map((p) => `--add-port=${p}/tcp`).join(' ')} && firewall-cmd --reload\``,
      );
    },
  };
}

/** `unix:///run/x.sock` or a bare path → the socket path; other schemes are not reachable from here. */
export function criSocketPath(endpoint: string): string | undefined {
  if (endpoint.startsWith('unix://')) return endpoint.slice('unix://'.length);
  if (endpoint.startsWith('/')) return endpoint;
  return undefined;
}

const CRI_HINT =
  'start the container runtime (e.g. `systemctl start containerd`), or set nodeRegistration.criSocket / --cri-socket to its socket (containerd: unix:///var/run/containerd/containerd.sock, CRI-O: unix:///var/run/crio/crio.sock)';

export const criCheck: Check = {
  name: 'CRI',
  severity: 'error',
  appliesTo: always,
  async run(host, plan): Promise<CheckResult> {
    const endpoint = plan.criSocket;
    const path = criSocketPath(endpoint);
    if (!path) return fail(`container runtime endpoint "${endpoint}" is not a unix socket`, 'use a unix:// endpoint for nodeRegistration.criSocket');
    const warnings: Advisory[] = endpoint.startsWith('/')
      ? [{ message: `the CRI socket "${endpoint}" has no URL scheme; "unix://${endpoint}" is assumed`, hint: `write it as unix://${endpoint}` }]
      : [];
    const answer = await host.canConnect(path, 5000);
    if (answer === true) return pass(`the container runtime answers on ${endpoint}`, warnings);
    const why = answer === 'ENOENT' ? 'the socket does not exist' : answer === 'ECONNREFUSED' ? 'nothing listens on the socket' : answer;
    return fail(`container runtime is not running: cannot connect to ${endpoint}: ${why}`, CRI_HINT, { warnings });
  },
};
