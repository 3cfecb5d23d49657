/**
 * The kubelet service through systemd, as kubeadm's initsystem does it, via `systemctl` (execa,
 * imported lazily). When systemd is not the init system (containers, CI, test namespaces), nothing
 * is started and the caller tells the operator what to run.
 */
import { access } from 'node:fs/promises';

export type KubeletServiceState =
  /** systemd is not running on this host. */
  | 'no-systemd'
  /** systemd runs but there is no kubelet unit. */
  | 'no-unit'
  | 'active'
  | 'inactive';

/** systemd is PID 1 exactly when this directory exists (sd_booted). */
export async function systemdRunning(marker = '/run/systemd/system'): Promise<boolean> {
  try {
    await access(marker);
    return true;
  } catch {
    return false;
  }
}

async function systemctl(args: string[]): Promise<{ exitCode: number; output: string }> {
  const { execa } = await import('execa');
  const r = await execa('systemctl', args, { reject: false, timeout: 60_000, all: true });
  return { exitCode: r.exitCode ?? 1, output: String(r.all ?? '').trim() };
}

export async function serviceState(name: string): Promise<KubeletServiceState> {
  if (!(await systemdRunning())) return 'no-systemd';
  const unit = await systemctl(['list-unit-files', `${name}.service`, '--no-legend']);
  if (unit.exitCode !== 0 || !unit.output.includes(`${name}.service`)) return 'no-unit';
  const active = await systemctl(['is-active', '--quiet', name]);
  return active.exitCode === 0 ? 'active' : 'inactive';
}

export const kubeletServiceState = (): Promise<KubeletServiceState> => serviceState('kubelet');

/** `systemctl <verb> kubelet`; returns systemctl's output on failure. */
export async function controlKubelet(verb: 'stop' | 'restart'): Promise<string | undefined> {
  const r = await systemctl([verb, 'kubelet']);
  return r.exitCode === 0 ? undefined : r.output || `systemctl ${verb} kubelet exited with ${r.exitCode}`;
}

/** Is systemd-resolved active (the kubelet then needs its real resolv.conf)? */
export async function systemdResolvedActive(): Promise<boolean> {
  return (await serviceState('systemd-resolved')) === 'active';
}
