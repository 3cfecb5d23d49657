/**
 * The kubelet's service manager, chosen once per run: systemd on a real node (kubeadm's only init
 * system on Linux), or a supervisor named by `MINIKUBEADM_KUBELET_SERVICE` when the node runs the
 * kubelet some other way (runit, s6, a container entrypoint, a test harness). That variable holds
 * the absolute path of an executable called as `<it> is-active|stop|restart`, with systemctl's exit
 * codes: 0 for success (is-active: running), 3 for "not running", anything else a failure with its
 * output as the reason. `MINIKUBEADM_KUBELET_SERVICE=systemd` forces systemd.
 */
import { isAbsolute } from 'node:path';
import { MinikubeadmError } from '../errors.js';
import type { HostProbe } from './system.js';
import { type KubeletServiceState, controlKubelet, kubeletServiceState } from './systemd.js';

export const KUBELET_SERVICE_ENV = 'MINIKUBEADM_KUBELET_SERVICE';
const COMMAND_TIMEOUT_MS = 60_000;

export interface KubeletService {
  /** `systemd`, or the supervisor's path: for messages. */
  readonly name: string;
  state(): Promise<KubeletServiceState>;
  /** Stop or restart the kubelet; the reason on failure. */
  control(verb: 'stop' | 'restart'): Promise<string | undefined>;
}

function systemdService(host: HostProbe): KubeletService {
  return { name: 'systemd', state: () => kubeletServiceState(host), control: (verb) => controlKubelet(host, verb) };
}

function commandService(host: HostProbe, path: string): KubeletService {
  const call = async (verb: string): Promise<{ exitCode: number; output: string }> => {
    const r = await host.run(path, [verb], { timeoutMs: COMMAND_TIMEOUT_MS });
    if (r === 'missing') return { exitCode: 127, output: `${path} is not an executable file` };
    if (r.timedOut) return { exitCode: 124, output: `${path} ${verb} did not finish within ${COMMAND_TIMEOUT_MS / 1000}s` };
    return { exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}`.trim() };
  };
  return {
    name: path,
    async state() {
      const r = await call('is-active');
      if (r.exitCode === 0) return 'active';
      if (r.exitCode === 3) return 'inactive';
      throw new MinikubeadmError('FLAG_INVALID', `${KUBELET_SERVICE_ENV}: "${path} is-active" failed (exit ${r.exitCode}): ${r.output || 'no output'}`, {
        hint: `${KUBELET_SERVICE_ENV} must name an executable that answers is-active (exit 0 running, 3 stopped), stop and restart; unset it to use systemd`,
      });
    },
    async control(verb) {
      const r = await call(verb);
      return r.exitCode === 0 ? undefined : r.output || `${path} ${verb} exited with ${r.exitCode}`;
    },
  };
}

/** The service manager this host's kubelet runs under. */
export function kubeletServiceFor(host: HostProbe): KubeletService {
  const chosen = host.env[KUBELET_SERVICE_ENV]?.trim();
  if (chosen === undefined || chosen === '' || chosen === 'systemd') return systemdService(host);
  if (!isAbsolute(chosen)) {
    throw new MinikubeadmError('FLAG_INVALID', `${KUBELET_SERVICE_ENV}=${JSON.stringify(chosen)} is neither "systemd" nor the absolute path of a supervisor executable`, {
      hint: `unset ${KUBELET_SERVICE_ENV} to use systemd, or set it to e.g. /usr/local/bin/kubelet-service (called with is-active, stop, restart)`,
    });
  }
  return commandService(host, chosen);
}
