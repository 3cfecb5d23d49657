/**
 * Kernel release and kernel configuration, as kubeadm's SystemVerification checks them
 * (system-validators KernelValidator, the spec kubeadm v1.32 ships). The config is only judged
 * when a config file can be read; kubeadm would `modprobe configs` to get one, which changes the
 * machine, so here an unreadable config is a warning instead.
 */
import { gunzipSync } from 'node:zlib';
import type { HostProbe } from '../../host/system.js';
import type { Advisory } from '../types.js';
import type { CgroupMode } from './cgroups.js';

/** Supported releases: 4.19, any later 4.x, 5.x and newer. */
const KERNEL_VERSIONS = [/^4\.19.*$/, /^4\.[2-9][0-9].*$/, /^([5-9]|[1-9][0-9]+)\.([0-9]+)\.([0-9]+).*$/];
const KERNEL_VERSIONS_NOTE = 'supported releases are 4.19, any later 4.x, and any 5.x or 6.x; for cgroups v2 5.8 or newer is recommended';

interface KernelOption {
  name: string;
  aliases?: string[];
  /** Needed only on this cgroup layout (v1 controllers have no meaning on a v2-only node and vice versa). */
  only?: 'v1' | 'v2';
}

const REQUIRED_KERNEL_OPTIONS: readonly KernelOption[] = [
  { name: 'NAMESPACES' },
  { name: 'NET_NS' },
  { name: 'PID_NS' },
  { name: 'IPC_NS' },
  { name: 'UTS_NS' },
  { name: 'CGROUPS' },
  { name: 'CGROUP_BPF', only: 'v2' },
  { name: 'CGROUP_CPUACCT', only: 'v1' },
  { name: 'CGROUP_DEVICE' },
  { name: 'CGROUP_FREEZER', only: 'v1' },
  { name: 'CGROUP_PIDS' },
  { name: 'CGROUP_SCHED' },
  { name: 'CPUSETS' },
  { name: 'MEMCG' },
  { name: 'INET' },
  { name: 'EXT4_FS' },
  { name: 'PROC_FS' },
  { name: 'NETFILTER_XT_TARGET_REDIRECT', aliases: ['IP_NF_TARGET_REDIRECT'] },
  { name: 'NETFILTER_XT_MATCH_COMMENT' },
  { name: 'FAIR_GROUP_SCHED' },
];

/** Where kernels keep their config, in kubeadm's search order. */
function kernelConfigPaths(release: string): string[] {
  return [
    '/proc/config.gz',
    `/boot/config-${release}`,
    `/usr/src/linux-${release}/.config`,
    '/usr/src/linux/.config',
    `/usr/lib/modules/${release}/config`,
    `/usr/lib/ostree-boot/config-${release}`,
    `/usr/lib/kernel/config-${release}`,
    `/usr/src/linux-headers-${release}/.config`,
    `/lib/modules/${release}/build/.config`,
  ];
}

/** `CONFIG_X=y|m|n` lines → option → first letter of its value. */
function parseKernelConfig(text: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^CONFIG_([A-Z0-9_]+)=([myn])/.exec(line);
    if (m) options.set(m[1]!, m[2]!);
  }
  return options;
}

async function readKernelConfig(host: HostProbe, release: string): Promise<{ path: string; options: Map<string, string> } | undefined> {
  for (const path of kernelConfigPaths(release)) {
    const data = await host.readFile(path).catch(() => undefined);
    if (!data) continue;
    const text = path.endsWith('.gz') ? gunzipSync(data).toString('utf8') : data.toString('utf8');
    return { path, options: parseKernelConfig(text) };
  }
  return undefined;
}

export interface KernelVerdict {
  errors: Advisory[];
  warnings: Advisory[];
  summary: string;
}

export interface KernelRules {
  /** How an unsupported kernel release is reported (kubeadm v1.34+: a warning). */
  unsupportedRelease: 'error' | 'warning';
}

export async function judgeKernel(host: HostProbe, cgroups: CgroupMode, rules: KernelRules = { unsupportedRelease: 'error' }): Promise<KernelVerdict> {
  const errors: Advisory[] = [];
  const warnings: Advisory[] = [];
  const os = host.osName();
  if (os !== 'Linux') errors.push({ message: `unsupported operating system: ${os}`, hint: 'run minikubeadm on a Linux node' });
  const release = host.kernelRelease();
  if (!KERNEL_VERSIONS.some((r) => r.test(release))) {
    (rules.unsupportedRelease === 'error' ? errors : warnings).push({ message: `unsupported kernel release: ${release}`, hint: `upgrade the kernel: ${KERNEL_VERSIONS_NOTE}` });
  } else if (cgroups === 'v2' && /^(4\.|5\.[0-7]\.)/.test(release)) {
    warnings.push({ message: `kernel ${release} is older than 5.8, the recommended minimum for cgroups v2`, hint: 'upgrade the kernel to 5.8 or newer for complete cgroup v2 support' });
  }
  const config = await readKernelConfig(host, release);
  if (!config) {
    warnings.push({
      message: `kernel config could not be read (looked at ${kernelConfigPaths(release).join(', ')}); kernel options were not verified`,
      hint: 'load the configs module (`modprobe configs`) to expose /proc/config.gz, or install the config of this kernel under /boot',
    });
    return { errors, warnings, summary: `kernel ${release}` };
  }
  const missing = REQUIRED_KERNEL_OPTIONS.filter((o) => !o.only || o.only === (cgroups === 'v2' ? 'v2' : 'v1'))
    .filter((o) => ![o.name, ...(o.aliases ?? [])].some((n) => ['y', 'm'].includes(config.options.get(n) ?? '')))
    .map((o) => `CONFIG_${o.name}`);
  if (missing.length > 0) {
    errors.push({ message: `unexpected kernel config: ${missing.join(' ')}`, hint: `use a kernel built with ${missing.join(', ')} (read from ${config.path})` });
  }
  return { errors, warnings, summary: `kernel ${release}, config from ${config.path}` };
}
