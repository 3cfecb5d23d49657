/**
 * The kubelet service through systemd, as kubeadm's initsystem does it, via `systemctl`. Everything
 * goes through the host seam (./system.ts), so tests drive it with a fixture host. When systemd
 * is not the init system (containers, CI, test namespaces), nothing is started and the caller tells
 * the operator what to run.
 */
import type { HostProbe } from './system.js';

export type KubeletServiceState =
  /** systemd is not running on this host. */
  | 'no-systemd'
  /** systemd runs but there is no kubelet unit. */
  | 'no-unit'
  | 'active'
  | 'inactive';

const SYSTEMD_MARKER = '/run/systemd/system';
const SYSTEMCTL_TIMEOUT_MS = 60_000;

/** systemd is PID 1 exactly when this directory exists (sd_booted). */
async function systemdRunning(host: HostProbe): Promise<boolean> {
  return (await host.stat(SYSTEMD_MARKER)) === 'dir';
}

async function systemctl(host: HostProbe, args: string[]): Promise<{ exitCode: number; output: string }> {
  const r = await host.run('systemctl', args, { timeoutMs: SYSTEMCTL_TIMEOUT_MS });
  if (r === 'missing') return { exitCode: 127, output: 'systemctl is not on PATH' };
  if (r.timedOut) return { exitCode: 124, output: `systemctl ${args.join(' ')} did not finish within ${SYSTEMCTL_TIMEOUT_MS / 1000}s` };
  return { exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}`.trim() };
}

async function serviceState(host: HostProbe, name: string): Promise<KubeletServiceState> {
  if (!(await systemdRunning(host))) return 'no-systemd';
  const unit = await systemctl(host, ['list-unit-files', `${name}.service`, '--no-legend']);
  if (unit.exitCode !== 0 || !unit.output.includes(`${name}.service`)) return 'no-unit';
  const active = await systemctl(host, ['is-active', '--quiet', name]);
  return active.exitCode === 0 ? 'active' : 'inactive';
}

export const kubeletServiceState = (host: HostProbe): Promise<KubeletServiceState> => serviceState(host, 'kubelet');

/** `systemctl <verb> kubelet`; returns systemctl's output on failure. */
export async function controlKubelet(host: HostProbe, verb: 'stop' | 'restart'): Promise<string | undefined> {
  const r = await systemctl(host, [verb, 'kubelet']);
  return r.exitCode === 0 ? undefined : r.output || `systemctl ${verb} kubelet exited with ${r.exitCode}`;
}

/** Is systemd-resolved active (the kubelet then needs its real resolv.conf)? */
export async function systemdResolvedActive(host: HostProbe): Promise<boolean> {
  return (await serviceState(host, 'systemd-resolved')) === 'active';
}
