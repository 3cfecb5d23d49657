// What a run (or every run) of the suite may leave on the machine: nothing. These helpers list what
// is there, so tests can assert it is gone, and so the suite can check the machine's own
// directories the kubelet and containerd write by default were never touched.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupMounts } from './host.js';

/** The machine's default kubelet, CNI, pod log, kubeadm and containerd directories. */
export const HOST_PATHS = ['/var/lib/kubelet', '/var/lib/cni', '/var/log/pods', '/var/log/containers', '/etc/kubernetes', '/run/containerd', '/var/lib/containerd', '/etc/cni/net.d', '/usr/libexec/kubernetes'] as const;

export interface Leftovers {
  netns: string[];
  cgroups: string[];
  mounts: string[];
  processes: string[];
}

/** Network namespaces, cgroups, mounts (in this mount namespace) and processes whose name or paths carry `prefix`. */
export function leftovers(prefix: string): Leftovers {
  const netns = (spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.startsWith(prefix));
  const cgroups: string[] = [];
  for (const h of cgroupMounts()) for (const name of readdirSync(h)) if (name.startsWith(prefix)) cgroups.push(join(h, name));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(prefix))
    .map((l) => l.split(' ')[4] ?? l);
  const processes: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const cwd = (() => {
        try {
          return readlinkSync(`/proc/${pid}/cwd`);
        } catch {
          return '';
        }
      })();
      if (cmdline.includes(prefix) || cwd.includes(prefix)) processes.push(`${pid}: ${cmdline.slice(0, 200)}`);
    } catch {
      // exited meanwhile
    }
  }
  return { netns, cgroups, mounts, processes };
}

export interface PathState {
  exists: boolean;
  /** Every entry below it (relative path → mtime), when it exists. */
  entries: Record<string, number>;
}

/** What is under each of HOST_PATHS now. */
export function hostPathStates(): Record<string, PathState> {
  const out: Record<string, PathState> = {};
  for (const p of HOST_PATHS) {
    const entries: Record<string, number> = {};
    const walk = (dir: string, rel: string, depth: number): void => {
      if (depth > 8) return;
      let list;
      try {
        list = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of list) {
        const r = rel === '' ? e.name : `${rel}/${e.name}`;
        try {
          entries[r] = statSync(join(dir, e.name)).mtimeMs;
        } catch {
          entries[r] = -1;
        }
        if (e.isDirectory()) walk(join(dir, e.name), r, depth + 1);
      }
    };
    const exists = existsSync(p);
    if (exists) walk(p, '', 0);
    out[p] = { exists, entries };
  }
  return out;
}
