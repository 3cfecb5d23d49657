// Synchronous host primitives for test nodes: processes by namespace and cgroup, cgroup v1 roots,
// persistent mount namespaces. Synchronous on purpose: clean-up also runs from exit hooks and from
// the sweeper, where nothing may be left half done.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CGROUP_V1 = '/sys/fs/cgroup';

/** Blocks for `ms` (bounded waits in synchronous clean-up). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Process start time in clock ticks since boot (/proc/<pid>/stat field 22), or undefined if gone. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** The process exists and is not a zombie (orphans here are reaped by PID 1, not always at once). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export interface Owner {
  pid: number;
  startTime: number;
}

export function currentOwner(): Owner {
  return { pid: process.pid, startTime: processStartTime(process.pid)! };
}

/** The owner process still runs (same pid and the same start time, so not a reused pid). */
export function ownerAlive(owner: Owner): boolean {
  return processStartTime(owner.pid) === owner.startTime && isRunning(owner.pid);
}

function allPids(): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
}

function nsInode(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

function linkInode(link: string): number | undefined {
  try {
    const m = /\[(\d+)\]$/.exec(readlinkSync(link));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Inode of a namespace file (a bind-mounted /proc/<pid>/ns/* or /run/netns/<name>). */
export function namespaceInode(path: string): number | undefined {
  return nsInode(path);
}

/** Pids whose network or mount namespace is one of `inodes`. */
export function pidsInNamespaces(inodes: { net: number[]; mnt: number[] }): number[] {
  const net = new Set(inodes.net);
  const mnt = new Set(inodes.mnt);
  if (net.size === 0 && mnt.size === 0) return [];
  const out: number[] = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    const n = net.size > 0 ? linkInode(`/proc/${pid}/ns/net`) : undefined;
    const m = mnt.size > 0 ? linkInode(`/proc/${pid}/ns/mnt`) : undefined;
    if ((n !== undefined && net.has(n)) || (m !== undefined && mnt.has(m))) out.push(pid);
  }
  return out;
}

/** The v1 hierarchies mounted under /sys/fs/cgroup (cpu, memory, …, systemd), not the unified one. */
export function cgroupHierarchies(): string[] {
  if (!existsSync(CGROUP_V1)) return [];
  return readdirSync(CGROUP_V1, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'unified' && !e.name.includes(','))
    .map((e) => join(CGROUP_V1, e.name))
    .filter((dir) => existsSync(join(dir, 'cgroup.procs')));
}

/**
 * Every hierarchy a container's cgroups can land in: the v1 ones and, on a hybrid layout, the
 * unified one (runc creates the container's cgroup there too).
 */
export function cgroupMounts(): string[] {
  const unified = join(CGROUP_V1, 'unified');
  return [...cgroupHierarchies(), ...(existsSync(join(unified, 'cgroup.procs')) ? [unified] : [])];
}

/** Creates /<name> in every v1 hierarchy (cpuset gets its parent's cpus and mems). */
export function createCgroupRoot(name: string): void {
  for (const h of cgroupHierarchies()) {
    const dir = join(h, name);
    mkdirSync(dir, { recursive: true });
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      if (existsSync(join(h, file))) writeFileSync(join(dir, file), readFileSync(join(h, file), 'utf8').trim() || '0');
    }
  }
}

/** Every cgroup directory at or under /<name>, deepest first. */
function cgroupDirs(name: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
    out.push(dir);
  };
  for (const h of cgroupMounts()) if (existsSync(join(h, name))) walk(join(h, name));
  return out;
}

/** Pids in /<name> or below, in any hierarchy. */
export function pidsInCgroup(name: string): number[] {
  const pids = new Set<number>();
  for (const dir of cgroupDirs(name)) {
    try {
      for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (p.trim() !== '') pids.add(Number(p));
    } catch {
      // removed meanwhile
    }
  }
  pids.delete(process.pid);
  return [...pids];
}

/** Removes /<name> and its children from every hierarchy, unified included (they must be empty). Returns what is left. */
export function removeCgroupRoot(name: string): string[] {
  for (const dir of cgroupDirs(name)) {
    try {
      rmdirSync(dir);
    } catch {
      // still busy: reported below
    }
  }
  return cgroupDirs(name);
}

export function killPids(pids: readonly number[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

/** SIGKILLs whatever `find` returns until it returns nothing; false if something survived ~10 s. */
export function killUntilGone(find: () => number[]): boolean {
  for (let i = 0; i < 100; i++) {
    const pids = find();
    if (pids.length === 0) return true;
    killPids(pids);
    sleepSync(100);
  }
  return find().length === 0;
}

/** Is `path` a mount point in this process's mount namespace? */
export function isMountPoint(path: string): boolean {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === path);
  } catch {
    return false;
  }
}

/** Mount points at or under `dir` in this process's mount namespace. */
export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(prefix));
}

/**
 * Creates a persistent mount namespace bound to `file` (private propagation) and runs `setup`
 * (a shell script) inside it once. Everything mounted there stays inside that namespace.
 */
export function createMountNamespace(file: string, setup: string): void {
  writeFileSync(file, '');
  const r = spawnSync('unshare', [`--mount=${file}`, '--propagation', 'private', '--', 'sh', '-euc', setup], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`creating the mount namespace ${file} failed: ${r.stderr || r.error?.message}`);
}

/** Unbinds a mount namespace file; the namespace goes away with its last process. */
export function releaseMountNamespace(file: string): void {
  for (let i = 0; i < 10 && isMountPoint(file); i++) {
    spawnSync('umount', [file], { stdio: 'ignore' });
    if (isMountPoint(file)) spawnSync('umount', ['-l', file], { stdio: 'ignore' });
  }
}
