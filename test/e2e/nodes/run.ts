// One end-to-end run's record of what it created on the machine, and the clean-up that undoes it.
// Every name a run creates (network namespaces, cgroups, its directory) starts with its prefix
// "mka-<pid>-<hex>-". The record <tmpdir>/<prefix>run/record.json names the owner process (pid and
// start time) and lists each resource before it is created, so a run killed at any point can be
// cleaned up by the next one: sweepDeadRuns() tears down runs whose owner is dead and never touches
// a live run, however it was started.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addExitHook } from '../harness/exit-hooks.js';
import {
  type Owner,
  cgroupMounts,
  currentOwner,
  isRunning,
  killPids,
  killUntilGone,
  mountsUnder,
  namespaceInode,
  ownerAlive,
  pidsInCgroup,
  pidsInNamespaces,
  releaseMountNamespace,
  removeCgroupRoot,
  sleepSync,
} from './host.js';
import { releaseKubeletSysctls } from './sysctls.js';

export const RUN_PREFIX = 'mka-';
const RECORD = 'record.json';

export interface RunResources {
  /** Network namespace names (under /run/netns). */
  netns: string[];
  /** Mount namespace files, with the namespace inode once known. */
  mountNs: { file: string; inode?: number }[];
  /** cgroup root names, e.g. "mka-123-abcdef-cp-1" (present in every v1 hierarchy). */
  cgroups: string[];
  /** Pid files of daemons to stop first (kubelets), then the rest. */
  pidFiles: string[];
  /** Whether this run holds the saved kubelet sysctls. */
  sysctls: boolean;
}

export interface RunRecord {
  prefix: string;
  owner: Owner;
  dir: string;
  resources: RunResources;
}

const emptyResources = (): RunResources => ({ netns: [], mountNs: [], cgroups: [], pidFiles: [], sysctls: false });

function writeRecord(r: RunRecord): void {
  const file = join(r.dir, RECORD);
  writeFileSync(`${file}.tmp`, JSON.stringify(r, null, 2));
  renameSync(`${file}.tmp`, file);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface TeardownReport {
  /** Anything that could not be removed (empty when everything went). */
  left: string[];
}

/**
 * Stops and removes everything in `res`, in the order that leaves nothing behind: kubelets, the
 * processes in the nodes' cgroups (containers), everything else in the nodes' mount and network
 * namespaces (containerd, shims), the mount namespaces, the cgroups (deepest first), the network
 * namespaces, then the kubelet sysctls. Synchronous, idempotent, and tolerant of resources that
 * were recorded but never created.
 */
export function teardownSync(prefix: string, res: RunResources): TeardownReport {
  const left: string[] = [];
  // 1. kubelets: SIGTERM, then SIGKILL after 5 s.
  const kubelets = res.pidFiles.map(readPid).filter((p): p is number => p !== undefined && isRunning(p));
  killPids(kubelets, 'SIGTERM');
  for (let i = 0; i < 50 && kubelets.some(isRunning); i++) sleepSync(100);
  killPids(kubelets);
  // 2. containers: everything in the nodes' cgroups.
  const inCgroups = (): number[] => res.cgroups.flatMap(pidsInCgroup);
  if (!killUntilGone(inCgroups)) left.push(`processes in cgroups ${res.cgroups.join(', ')}`);
  // 3. containerd, shims and anything else inside the nodes' namespaces.
  const inodes = {
    net: res.netns.map((n) => namespaceInode(`/run/netns/${n}`)).filter((i): i is number => i !== undefined),
    mnt: res.mountNs.map((m) => m.inode ?? namespaceInode(m.file)).filter((i): i is number => i !== undefined),
  };
  const inNamespaces = (): number[] => pidsInNamespaces(inodes);
  killPids(inNamespaces(), 'SIGTERM');
  for (let i = 0; i < 30 && inNamespaces().length > 0; i++) sleepSync(100);
  if (!killUntilGone(() => [...inNamespaces(), ...inCgroups()])) left.push('processes in the nodes\' namespaces');
  // 4. mount namespaces.
  for (const m of res.mountNs) {
    releaseMountNamespace(m.file);
    if (mountsUnder(m.file).length > 0) left.push(`mount ${m.file}`);
  }
  // 5. cgroups, deepest first.
  for (const cg of res.cgroups) {
    const stuck = removeCgroupRoot(cg);
    if (stuck.length > 0) left.push(...stuck);
  }
  // 6. network namespaces.
  for (const ns of res.netns) {
    if (!existsSync(`/run/netns/${ns}`)) continue;
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    if (existsSync(`/run/netns/${ns}`)) left.push(`netns ${ns}`);
  }
  // 7. the host's kernel settings the kubelets changed.
  if (res.sysctls) releaseKubeletSysctls(prefix);
  return { left };
}

/** The current process's run: create() once, then record resources before creating them. */
export class TestRun {
  readonly prefix: string;
  readonly dir: string;
  readonly #record: RunRecord;
  readonly #unhook: () => void;
  #closed = false;

  private constructor() {
    this.prefix = `${RUN_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}-`;
    this.dir = join(tmpdir(), `${this.prefix}run`);
    mkdirSync(this.dir, { mode: 0o755 });
    this.#record = { prefix: this.prefix, owner: currentOwner(), dir: this.dir, resources: emptyResources() };
    writeRecord(this.#record);
    // Interrupted (SIGINT, SIGTERM, SIGHUP) or exiting without close(): tear down, keep the logs.
    this.#unhook = addExitHook(() => {
      this.close({ keepFiles: true });
    });
  }

  static create(): TestRun {
    return new TestRun();
  }

  get resources(): Readonly<RunResources> {
    return this.#record.resources;
  }

  /** Adds to the record (persisted before the caller creates the resource). */
  track(update: (r: RunResources) => void): void {
    if (this.#closed) throw new Error('test run already torn down');
    update(this.#record.resources);
    writeRecord(this.#record);
  }

  /** Tears everything down; keeps the directory (logs) when `keepFiles`. Safe to call twice. */
  close(options: { keepFiles?: boolean } = {}): TeardownReport {
    const report = teardownSync(this.prefix, this.#record.resources);
    if (!this.#closed) {
      this.#closed = true;
      this.#unhook();
    }
    if (report.left.length === 0) {
      if (options.keepFiles) {
        // Keep the logs, not the unpacked images.
        const nodes = join(this.dir, 'nodes');
        for (const n of existsSync(nodes) ? readdirSync(nodes) : []) rmSync(join(nodes, n, 'containerd', 'root'), { recursive: true, force: true });
        rmSync(join(this.dir, RECORD), { force: true });
      } else rmSync(this.dir, { recursive: true, force: true });
    }
    return report;
  }
}

function pidOfName(name: string): number | undefined {
  const m = /^mka-(\d+)-[0-9a-f]+-/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SweepReport {
  runs: string[];
  netns: string[];
  cgroups: string[];
}

/**
 * Removes what dead runs left: every recorded run whose owner is gone (by pid and start time), then
 * stray `mka-<pid>-…` network namespaces and cgroups whose pid is not running (a run killed before
 * it wrote its record). Live runs, including other people's parallel ones, are left alone.
 */
export function sweepDeadRuns(): SweepReport {
  const report: SweepReport = { runs: [], netns: [], cgroups: [] };
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(RUN_PREFIX) || !entry.endsWith('-run')) continue;
    const dir = join(tmpdir(), entry);
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(join(dir, RECORD), 'utf8')) as RunRecord;
    } catch {
      continue; // no record: a finished run that kept its logs, or one being created right now
    }
    if (ownerAlive(record.owner)) continue;
    const { left } = teardownSync(record.prefix, record.resources);
    if (left.length === 0) rmSync(dir, { recursive: true, force: true });
    report.runs.push(record.prefix);
  }
  const netnsList = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const ns of netnsList.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '')) {
    const pid = ns.startsWith(RUN_PREFIX) ? pidOfName(ns) : undefined;
    if (pid === undefined || pidAlive(pid)) continue;
    teardownSync(ns, { ...emptyResources(), netns: [ns] });
    report.netns.push(ns);
  }
  const seen = new Set<string>();
  for (const h of cgroupMounts()) {
    for (const name of readdirSync(h)) {
      const pid = name.startsWith(RUN_PREFIX) ? pidOfName(name) : undefined;
      if (pid === undefined || pidAlive(pid) || seen.has(name)) continue;
      seen.add(name);
      teardownSync(name, { ...emptyResources(), cgroups: [name] });
      report.cgroups.push(name);
    }
  }
  return report;
}
