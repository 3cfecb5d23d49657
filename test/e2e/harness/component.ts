// One static-pod container run as a host process (optionally inside a network namespace), restarted
// with back-off when it exits or fails its startup/liveness probe (restartPolicy Always).
import { accessSync, closeSync, constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { UnitSpec } from './manifest.js';
import { Prober } from './prober.js';
import type { ProbeClient } from './probe-client.js';

export interface ComponentOptions {
  netns?: string;
  /** Directories searched for the container's command. */
  path: string[];
  env: Record<string, string>;
  logDir: string;
  stopGraceMs: number;
  backoffMs: { initial: number; max: number };
}

function resolveBinary(cmd: string, path: string[]): string {
  if (cmd.includes('/')) return cmd;
  for (const dir of path) {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      // try the next directory
    }
  }
  throw new Error(`${cmd}: not found in ${path.join(':')}`);
}

export class Component {
  readonly spec: UnitSpec;
  readonly logFile: string;
  readonly #opts: ComponentOptions;
  readonly #client: ProbeClient;
  #proc: { pid: number | undefined; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } | undefined;
  #prober: Prober | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  restarts = 0;
  lastExit: { code: number | undefined; signal: string | undefined; at: Date } | undefined;
  lastRestartReason: string | undefined;

  constructor(spec: UnitSpec, opts: ComponentOptions, client: ProbeClient) {
    this.spec = spec;
    this.#opts = opts;
    this.#client = client;
    this.logFile = join(opts.logDir, `${spec.name.replaceAll('/', '_')}.log`);
    resolveBinary(spec.argv[0]!, opts.path); // fail early on a missing binary
  }

  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  get running(): boolean {
    return this.#proc !== undefined;
  }

  get prober(): Prober | undefined {
    return this.#prober;
  }

  /** Starts the process (no-op while it runs). */
  start(): void {
    if (this.#proc || this.#stopping) return;
    const [cmd, ...args] = this.spec.argv;
    const bin = resolveBinary(cmd!, this.#opts.path);
    const ns = this.#opts.netns;
    const [file, argv]: [string, string[]] = ns ? ['ip', ['netns', 'exec', ns, bin, ...args]] : [bin, args];
    const fd = openSync(this.logFile, 'a');
    writeSync(fd, `\n==> ${new Date().toISOString()} start${ns ? ` in ${ns}` : ''}: ${this.spec.argv.join(' ')}\n`);
    const env = { PATH: this.#opts.path.join(':'), ...this.#opts.env, ...this.spec.env };
    const startedAt = Date.now();
    // Plain spawn rather than execa: the log file descriptor is handed straight to the component
    // (output does not pass through the test process) and detached gives it its own process group,
    // so stop() can take down anything the component forks.
    const child = spawn(file, argv, { detached: true, stdio: ['ignore', fd, fd], env, cwd: this.spec.workingDir ?? '/' });
    closeSync(fd);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('error', (err) => {
        this.lastRestartReason = `spawn failed: ${err.message}`;
        resolve({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const proc = { pid: child.pid, exited };
    this.#proc = proc;
    this.#prober = new Prober(this.spec, this.#client, (kind, result) => {
      this.lastRestartReason = `${kind} probe failed: ${result.message}`;
      this.#signalGroup('SIGKILL');
    });
    void exited.then((r) => {
      this.#prober?.stop();
      this.#prober = undefined;
      this.#proc = undefined;
      this.lastExit = { code: r.code ?? undefined, signal: r.signal ?? undefined, at: new Date() };
      if (this.#stopping) return;
      if (Date.now() - startedAt > 120_000) this.restarts = 0; // ran fine for a while: reset back-off
      const { initial, max } = this.#opts.backoffMs;
      const delay = Math.min(max, initial * 2 ** Math.min(this.restarts, 20));
      this.restarts++;
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined;
        this.start();
      }, delay);
    });
  }

  #signalGroup(signal: NodeJS.Signals): void {
    const pid = this.#proc?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // group already gone
    }
  }

  /** SIGTERM the process group, SIGKILL it after the grace period; no restart afterwards. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    this.#prober?.stop();
    const proc = this.#proc;
    if (!proc) return;
    const pid = proc.pid;
    this.#signalGroup('SIGTERM');
    const timer = setTimeout(() => this.#signalGroup('SIGKILL'), this.#opts.stopGraceMs);
    await proc.exited;
    clearTimeout(timer);
    // The leader is gone; take down anything left in its group.
    if (pid) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // nothing left
      }
    }
  }

  /** Synchronous SIGKILL of the whole group, for exit hooks. */
  killSync(): void {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    this.#prober?.stop();
    this.#signalGroup('SIGKILL');
  }
}
