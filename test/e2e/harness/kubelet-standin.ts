// A test-only "kubelet stand-in": runs every static pod in a manifests directory as host processes
// (container command + args exactly as written, hostPath volumes are host paths), inside a node's
// network namespace, and judges health with the manifests' own probes.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Component } from './component.js';
import { addExitHook } from './exit-hooks.js';
import { readManifestDir, type ProbeKind } from './manifest.js';
import { componentPath } from './paths.js';
import { ProbeClient } from './probe-client.js';
import type { ProbeResult } from './probe.js';

export interface KubeletStandinOptions {
  /** The static pod directory (kubeadm: /etc/kubernetes/manifests). */
  manifestDir: string;
  /** Each component's stdout+stderr goes to <logDir>/<name>.log. */
  logDir: string;
  /** Network namespace to run components and probes in; default: the test's own. */
  netns?: string;
  /** Probe host when a probe names none (the pod IP = node IP for hostNetwork pods). */
  podIP?: string;
  /** Extra directories searched first for commands (the cached Kubernetes bin dir is always searched). */
  binDirs?: string[];
  /** Environment added to every component (the container's own env wins). */
  env?: Record<string, string>;
  /** Time between SIGTERM and SIGKILL in stop(); default 10 s. */
  stopGraceMs?: number;
  /** Restart back-off after a component exits; default 1 s doubling up to 20 s. */
  backoffMs?: { initial: number; max: number };
  /** Re-read manifests every so often, like the kubelet's file source; default: only on sync(). */
  syncIntervalMs?: number;
}

export interface ComponentStatus {
  name: string;
  pod: string;
  container: string;
  manifest: string;
  pid: number | undefined;
  running: boolean;
  restarts: number;
  started: boolean;
  ready: boolean;
  live: boolean;
  /** running && started && ready && live */
  healthy: boolean;
  lastProbes: Partial<Record<ProbeKind, ProbeResult & { at: Date }>>;
  lastExit: { code: number | undefined; signal: string | undefined; at: Date } | undefined;
  lastRestartReason: string | undefined;
  logFile: string;
}

export interface SyncResult {
  started: string[];
  restarted: string[];
  stopped: string[];
}

export class KubeletStandin {
  readonly #opts: KubeletStandinOptions;
  readonly #components = new Map<string, Component>();
  readonly #client: ProbeClient;
  readonly #path: string[];
  #unhook: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #syncing: Promise<SyncResult> | undefined;

  constructor(options: KubeletStandinOptions) {
    this.#opts = options;
    this.#path = componentPath(options.binDirs ?? []);
    this.#client = new ProbeClient(options.netns, { PATH: this.#path.join(':') });
  }

  /** Starts every static pod found in the manifest directory. */
  async start(): Promise<SyncResult> {
    mkdirSync(this.#opts.logDir, { recursive: true });
    this.#unhook ??= addExitHook(() => this.#killSync());
    const result = await this.sync();
    if (this.#opts.syncIntervalMs && !this.#timer) {
      this.#timer = setInterval(() => void this.sync().catch(() => undefined), this.#opts.syncIntervalMs);
      this.#timer.unref();
    }
    return result;
  }

  /** Re-reads the manifests: starts new pods, stops removed ones, restarts changed ones. */
  sync(): Promise<SyncResult> {
    // Serialise: a timer-driven sync and an explicit one must not interleave.
    const run = (this.#syncing ?? Promise.resolve()).catch(() => undefined).then(() => this.#sync());
    this.#syncing = run;
    return run;
  }

  async #sync(): Promise<SyncResult> {
    const specs = await readManifestDir(this.#opts.manifestDir, this.#opts.podIP);
    const result: SyncResult = { started: [], restarted: [], stopped: [] };
    const wanted = new Map(specs.map((s) => [s.name, s]));
    const changed = new Set<string>();
    for (const [name, c] of this.#components) {
      const spec = wanted.get(name);
      if (spec && spec.hash === c.spec.hash) continue;
      await c.stop();
      this.#components.delete(name);
      if (spec) changed.add(name);
      else result.stopped.push(name);
    }
    for (const spec of specs) {
      if (this.#components.has(spec.name)) continue;
      const c = new Component(spec, this.#componentOptions(), this.#client);
      this.#components.set(spec.name, c);
      c.start();
      (changed.has(spec.name) ? result.restarted : result.started).push(spec.name);
    }
    return result;
  }

  #componentOptions() {
    const o = this.#opts;
    return {
      ...(o.netns ? { netns: o.netns } : {}),
      path: this.#path,
      env: o.env ?? {},
      logDir: o.logDir,
      stopGraceMs: o.stopGraceMs ?? 10_000,
      backoffMs: o.backoffMs ?? { initial: 1000, max: 20_000 },
    };
  }

  #find(component: string): Component | undefined {
    const byName = this.#components.get(component);
    if (byName) return byName;
    return [...this.#components.values()].find(
      (c) => c.spec.pod === component || basename(c.spec.file).replace(/\.ya?ml$/, '') === component,
    );
  }

  /** Status of every component, or of one (by pod name, unit name or manifest file name). */
  status(): ComponentStatus[];
  status(component: string): ComponentStatus | undefined;
  status(component?: string): ComponentStatus[] | ComponentStatus | undefined {
    if (component !== undefined) {
      const c = this.#find(component);
      return c && describe(c);
    }
    return [...this.#components.values()].map(describe);
  }

  /** Resolves once the component is running, started, ready and live; rejects with its log tail. */
  async waitHealthy(component: string, timeoutMs: number): Promise<ComponentStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.status(component);
      if (s?.healthy) return s;
      if (Date.now() >= deadline) throw new Error(unhealthyReport(component, s, timeoutMs));
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Waits for every component to be healthy. */
  async waitAllHealthy(timeoutMs: number): Promise<ComponentStatus[]> {
    const deadline = Date.now() + timeoutMs;
    for (const c of [...this.#components.keys()]) await this.waitHealthy(c, Math.max(0, deadline - Date.now()));
    return this.status();
  }

  /** Stops every component (SIGTERM, SIGKILL after the grace period, whole process groups). Idempotent. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#syncing?.catch(() => undefined);
    await Promise.all([...this.#components.values()].map((c) => c.stop()));
    this.#components.clear();
    await this.#client.close();
    this.#unhook?.();
    this.#unhook = undefined;
  }

  #killSync(): void {
    for (const c of this.#components.values()) c.killSync();
    this.#client.killSync();
  }
}

function describe(c: Component): ComponentStatus {
  const p = c.prober?.state;
  const started = p?.started ?? false;
  const ready = p?.ready ?? false;
  const live = p?.live ?? false;
  return {
    name: c.spec.name,
    pod: c.spec.pod,
    container: c.spec.container,
    manifest: c.spec.file,
    pid: c.pid,
    running: c.running,
    restarts: c.restarts,
    started,
    ready,
    live,
    healthy: c.running && started && ready && live,
    lastProbes: p?.last ?? {},
    lastExit: c.lastExit,
    lastRestartReason: c.lastRestartReason,
    logFile: c.logFile,
  };
}

function unhealthyReport(component: string, s: ComponentStatus | undefined, timeoutMs: number): string {
  if (!s) return `${component}: no such static pod`;
  let log = '';
  try {
    log = readFileSync(s.logFile, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    // no log yet
  }
  const probes = Object.entries(s.lastProbes).map(([k, r]) => `  ${k}: ${r.ok ? 'ok' : 'FAIL'} ${r.message}`);
  return [
    `${component} not healthy after ${timeoutMs} ms (running=${s.running} started=${s.started} ready=${s.ready} live=${s.live} restarts=${s.restarts})`,
    ...probes,
    ...(s.lastRestartReason ? [`  last restart: ${s.lastRestartReason}`] : []),
    `--- last lines of ${s.logFile}:`,
    log,
  ].join('\n');
}
