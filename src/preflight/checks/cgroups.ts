/**
 * Which cgroup hierarchy the node uses and which controllers it offers, without writing anything.
 * Unlike kubeadm's validator (which looks at the first cgroup2 mount, so a hybrid host with
 * cgroup2 at /sys/fs/cgroup/unified reports every controller as missing, and which creates a
 * test cgroup to detect the v2 freezer), the mode follows what the kubelet will use:
 * - v2: cgroup2 at /sys/fs/cgroup (or the only cgroup filesystem): controllers from
 *   cgroup.controllers, plus `devices` (eBPF, always there) and `freezer` (cgroup.freeze, kernel 5.2+);
 * - hybrid: v1 controller hierarchies with a cgroup2 mount beside them: checked as v1;
 * - v1: controllers enabled in /proc/cgroups.
 */
import type { HostProbe } from '../../host/system.js';
import { type SemVer, compareSemVer, parseSemVer } from '../semver.js';
import type { Advisory } from '../types.js';

export type CgroupMode = 'v2' | 'hybrid' | 'v1' | 'none';

export interface CgroupInfo {
  mode: CgroupMode;
  /** cgroup2 mount point (v2, hybrid). */
  unifiedMount?: string;
  controllers: string[];
}

/** kubeadm's required and optional controllers (system-validators DefaultSysSpec). */
const CGROUPS_V1 = { required: ['cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'memory', 'pids'], optional: ['hugetlb', 'blkio'] };
const CGROUPS_V2 = { required: ['cpu', 'cpuset', 'devices', 'freezer', 'memory', 'pids'], optional: ['hugetlb', 'io'] };

interface Mount {
  mountpoint: string;
  fstype: string;
}

export function parseMounts(text: string): Mount[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3)
    .map((f) => ({ mountpoint: f[1]!.replace(/\\040/g, ' '), fstype: f[2]! }));
}

/** Controllers enabled in /proc/cgroups (`subsys hierarchy num_cgroups enabled`). */
export function parseProcCgroups(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && f[3] !== '0')
    .map((f) => f[0]!);
}

const text = async (host: HostProbe, path: string): Promise<string | undefined> => (await host.readFile(path))?.toString('utf8');

const FREEZE_KERNEL = parseSemVer('5.2.0')!;

function kernelVersion(release: string): SemVer | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  return m ? parseSemVer(`${m[1]}.${m[2]}.${m[3] ?? 0}`) : undefined;
}

async function v2Controllers(host: HostProbe, mount: string): Promise<string[]> {
  const listed = (await text(host, `${mount}/cgroup.controllers`))?.split(/\s+/).filter((c) => c !== '') ?? [];
  const kernel = kernelVersion(host.kernelRelease());
  let freezer = kernel !== undefined && compareSemVer(kernel, FREEZE_KERNEL) >= 0;
  if (!freezer) {
    const own = (await text(host, '/proc/self/cgroup'))?.split('\n').find((l) => l.startsWith('0::'))?.slice(3).trim();
    if (own && own !== '/') freezer = (await host.stat(`${mount}${own}/cgroup.freeze`)) === 'file';
  }
  return ['devices', ...(freezer ? ['freezer'] : []), ...listed];
}

export async function detectCgroups(host: HostProbe): Promise<CgroupInfo> {
  const mounts = parseMounts((await text(host, '/proc/mounts')) ?? '');
  const unified = mounts.filter((m) => m.fstype === 'cgroup2');
  const legacy = mounts.filter((m) => m.fstype === 'cgroup');
  const atRoot = unified.find((m) => m.mountpoint === '/sys/fs/cgroup');
  if (atRoot || (unified.length > 0 && legacy.length === 0)) {
    const mount = (atRoot ?? unified[0]!).mountpoint;
    return { mode: 'v2', unifiedMount: mount, controllers: await v2Controllers(host, mount) };
  }
  if (legacy.length > 0) {
    const controllers = parseProcCgroups((await text(host, '/proc/cgroups')) ?? '');
    return { mode: unified.length > 0 ? 'hybrid' : 'v1', unifiedMount: unified[0]?.mountpoint, controllers };
  }
  return { mode: 'none', controllers: [] };
}

export interface CgroupVerdict {
  errors: Advisory[];
  warnings: Advisory[];
  summary: string;
}

export interface CgroupRules {
  /** cgroup v1 (and hybrid) hosts: a warning, or an error (kubelet v1.35+ without failCgroupV1: false). */
  v1: 'warning' | 'error';
  /** The kubelet version the rule is for, named in the error. */
  kubeletVersion?: string;
}

export function judgeCgroups(info: CgroupInfo, rules: CgroupRules = { v1: 'warning' }): CgroupVerdict {
  if (info.mode === 'none') {
    return {
      errors: [{ message: 'no cgroup filesystem is mounted (/proc/mounts lists neither cgroup2 nor cgroup)', hint: 'mount cgroup2 at /sys/fs/cgroup (`mount -t cgroup2 none /sys/fs/cgroup`) or boot a systemd-based distribution' }],
      warnings: [],
      summary: 'no cgroups',
    };
  }
  const spec = info.mode === 'v2' ? CGROUPS_V2 : CGROUPS_V1;
  const missing = spec.required.filter((c) => !info.controllers.includes(c));
  const missingOptional = spec.optional.filter((c) => !info.controllers.includes(c));
  const errors: Advisory[] = [];
  const warnings: Advisory[] = [];
  if (info.mode !== 'v2') {
    const hybrid = info.mode === 'hybrid' ? ` (hybrid layout: cgroup2 at ${info.unifiedMount} is not used for resource control, so the v1 hierarchies were checked)` : '';
    const migrate = 'boot with systemd.unified_cgroup_hierarchy=1 (or a distribution that defaults to cgroup v2) and set cgroupDriver: systemd';
    if (rules.v1 === 'error') {
      errors.push({
        message: `cgroups v1 is not supported by the kubelet${rules.kubeletVersion ? ` ${rules.kubeletVersion}` : ''}: it refuses to start on it${hybrid}`,
        hint: `${migrate}; or keep cgroups v1 for now by setting failCgroupV1: false in the KubeletConfiguration`,
      });
    } else {
      warnings.push({ message: `cgroups v1 support is in maintenance mode, please migrate to cgroups v2${hybrid}`, hint: migrate });
    }
  }
  if (missing.length > 0) {
    errors.push({
      message: `missing required cgroups: ${missing.join(' ')}`,
      hint:
        info.mode === 'v2'
          ? `enable the controllers in the parent cgroup (\`echo "${missing.filter((c) => c !== 'devices' && c !== 'freezer').map((c) => `+${c}`).join(' ')}" > cgroup.subtree_control\`), or run this container with them delegated`
          : `enable them on the kernel command line (e.g. cgroup_enable=${missing[0]}) and mount their hierarchies, or move the node to cgroup v2`,
    });
  }
  if (missingOptional.length > 0) {
    warnings.push({ message: `missing optional cgroups: ${missingOptional.join(' ')}`, hint: 'only needed for hugepage limits and block I/O accounting; ignore this unless workloads use them' });
  }
  return { errors, warnings, summary: `cgroup ${info.mode} with ${info.controllers.join(' ')}` };
}
