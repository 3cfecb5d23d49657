/** Facts about the machine itself: privileges, CPUs, memory, swap. */
import { type Check, always, fail, pass } from '../types.js';

/** kubeadm's ControlPlaneNumCPU and ControlPlaneMem (MB). */
const CONTROL_PLANE_NUM_CPU = 2;
const CONTROL_PLANE_MEM_MB = 1700;

export const privilegedUserCheck: Check = {
  name: 'IsPrivilegedUser',
  severity: 'error',
  appliesTo: always,
  async run(host) {
    const uid = host.uid();
    if (uid === 0) return pass('running as root');
    return fail('user is not running as root', `run minikubeadm as root (e.g. \`sudo minikubeadm …\`); it writes under /etc/kubernetes and /var/lib and starts system services (uid is ${uid})`);
  },
};

export const numCpuCheck: Check = {
  name: 'NumCPU',
  severity: 'error',
  appliesTo: always,
  async run(host) {
    const n = host.cpuCount();
    if (n >= CONTROL_PLANE_NUM_CPU) return pass(`${n} CPUs available`);
    return fail(
      `the number of available CPUs ${n} is less than the required ${CONTROL_PLANE_NUM_CPU}`,
      `give this machine at least ${CONTROL_PLANE_NUM_CPU} CPUs (VM size, container CPU limit, or the cpuset/taskset this process is pinned to)`,
    );
  },
};

export const memCheck: Check = {
  name: 'Mem',
  severity: 'error',
  appliesTo: always,
  async run(host) {
    const mb = Math.floor(host.memTotalBytes() / 1024 / 1024);
    if (mb >= CONTROL_PLANE_MEM_MB) return pass(`${mb} MB of RAM`);
    return fail(
      `the system RAM (${mb} MB) is less than the minimum ${CONTROL_PLANE_MEM_MB} MB`,
      `give this machine at least ${CONTROL_PLANE_MEM_MB} MB of RAM; a control plane below that is unstable`,
    );
  },
};

export const swapCheck: Check = {
  name: 'Swap',
  severity: 'warning',
  appliesTo: always,
  async run(host) {
    const text = (await host.readFile('/proc/swaps'))?.toString('utf8');
    if (text === undefined) return pass('/proc/swaps is not available, so no swap is in use');
    const devices = text.split('\n').slice(1).filter((l) => l.trim() !== '');
    if (devices.length === 0) return pass('swap is off');
    return fail(
      'swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node',
      `turn swap off with \`swapoff -a\` and remove the swap entries from /etc/fstab (in use: ${devices.map((d) => d.split(/\s+/)[0]).join(', ')}), or on cgroup v2 set failSwapOn: false and memorySwap.swapBehavior in the KubeletConfiguration`,
    );
  },
};
