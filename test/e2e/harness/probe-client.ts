// Runs probe actions from inside a network namespace: HTTP and TCP probes go through one long-lived
// probe agent started in the namespace, exec probes run through `ip netns exec`.
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { ProbeAction } from './manifest.js';
import type { ProbeResult } from './probe.js';

const AGENT = fileURLToPath(new URL('./probe-agent.js', import.meta.url));

type Pending = (r: ProbeResult) => void;

export class ProbeClient {
  readonly #ns: string | undefined;
  readonly #env: Record<string, string>;
  #agent: ResultPromise | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** `ns` undefined: probe from the test's own namespace. `env`: environment for exec probes. */
  constructor(ns: string | undefined, env: Record<string, string> = {}) {
    this.#ns = ns;
    this.#env = env;
  }

  #argv(cmd: string, args: string[]): [string, string[]] {
    return this.#ns ? ['ip', ['netns', 'exec', this.#ns, cmd, ...args]] : [cmd, args];
  }

  #ensureAgent(): ResultPromise {
    if (this.#agent) return this.#agent;
    const [file, args] = this.#argv(process.execPath, [AGENT]);
    const agent = execa(file, args, { stdin: 'pipe', stdout: 'pipe', stderr: 'inherit', reject: false, buffer: false });
    createInterface({ input: agent.stdout! }).on('line', (line) => {
      const { id, result } = JSON.parse(line) as { id: number; result: ProbeResult };
      this.#pending.get(id)?.(result);
      this.#pending.delete(id);
    });
    void agent.then(() => {
      if (this.#agent === agent) this.#agent = undefined;
      for (const [id, resolve] of this.#pending) {
        resolve({ ok: false, message: 'probe agent exited' });
        this.#pending.delete(id);
      }
    });
    this.#agent = agent;
    return agent;
  }

  /** Runs one probe action; never throws. */
  async probe(action: ProbeAction, timeoutMs: number): Promise<ProbeResult> {
    if (action.type === 'exec') {
      if (action.command.length === 0) return { ok: false, message: 'exec probe without command' };
      const [file, args] = this.#argv(action.command[0]!, action.command.slice(1));
      const r = await execa(file, args, { reject: false, timeout: timeoutMs, env: this.#env, extendEnv: false, all: true });
      return { ok: r.exitCode === 0 && !r.timedOut, message: `exec ${action.command.join(' ')}: ${r.exitCode} ${String(r.all ?? '').slice(0, 200)}` };
    }
    const agent = this.#ensureAgent();
    const id = this.#nextId++;
    const { type: _type, ...target } = action;
    const request = action.type === 'http' ? { id, timeoutMs, http: target } : { id, timeoutMs, tcp: target };
    return new Promise<ProbeResult>((resolve) => {
      this.#pending.set(id, resolve);
      agent.stdin!.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Stops the agent; a later probe starts a new one. */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    if (!agent) return;
    agent.stdin?.end();
    const timer = setTimeout(() => agent.kill('SIGKILL'), 2000);
    await agent;
    clearTimeout(timer);
  }

  /** Synchronous best-effort kill, for exit hooks. */
  killSync(): void {
    this.#agent?.kill('SIGKILL');
  }
}
