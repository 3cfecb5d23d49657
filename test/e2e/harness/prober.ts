// Probe scheduling for one running container, following the kubelet: the startup probe runs first
// and gates the others; liveness and readiness start once the container counts as started; each
// waits initialDelaySeconds after the container started and then runs every periodSeconds;
// failureThreshold consecutive startup or liveness failures ask for a restart.
import type { ProbeKind, ProbeSpec, UnitSpec } from './manifest.js';
import type { ProbeClient } from './probe-client.js';
import type { ProbeResult } from './probe.js';

export interface ProbeState {
  /** Startup probe passed (or there is none). */
  started: boolean;
  /** Readiness as the kubelet would report it (true when there is no readiness probe). */
  ready: boolean;
  /** Liveness: false after failureThreshold consecutive failures, true otherwise. */
  live: boolean;
  last: Partial<Record<ProbeKind, ProbeResult & { at: Date }>>;
}

export class Prober {
  readonly #spec: UnitSpec;
  readonly #client: ProbeClient;
  readonly #onFailure: (kind: ProbeKind, result: ProbeResult) => void;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #failures: Partial<Record<ProbeKind, number>> = {};
  readonly #successes: Partial<Record<ProbeKind, number>> = {};
  readonly #startedAt = Date.now();
  #stopped = false;
  readonly state: ProbeState;

  /** onFailure: a startup or liveness probe reached its failureThreshold; the unit must restart. */
  constructor(spec: UnitSpec, client: ProbeClient, onFailure: (kind: ProbeKind, result: ProbeResult) => void) {
    this.#spec = spec;
    this.#client = client;
    this.#onFailure = onFailure;
    const p = spec.probes;
    this.state = { started: !p.startup, ready: !p.readiness, live: true, last: {} };
    if (p.startup) this.#schedule('startup', p.startup);
    else this.#startOthers();
  }

  /** Stops all probing of this container instance. */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #startOthers(): void {
    const { liveness, readiness } = this.#spec.probes;
    if (liveness) this.#schedule('liveness', liveness);
    if (readiness) this.#schedule('readiness', readiness);
  }

  #schedule(kind: ProbeKind, spec: ProbeSpec): void {
    const first = Math.max(0, this.#startedAt + spec.initialDelaySeconds * 1000 - Date.now());
    this.#after(first, () => this.#tick(kind, spec));
  }

  #after(ms: number, fn: () => void | Promise<void>): void {
    if (this.#stopped) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (!this.#stopped) void fn();
    }, ms);
    t.unref();
    this.#timers.add(t);
  }

  async #tick(kind: ProbeKind, spec: ProbeSpec): Promise<void> {
    const result = await this.#client.probe(spec.action, spec.timeoutSeconds * 1000);
    if (this.#stopped) return;
    this.state.last[kind] = { ...result, at: new Date() };
    const fails = result.ok ? 0 : (this.#failures[kind] ?? 0) + 1;
    const wins = result.ok ? (this.#successes[kind] ?? 0) + 1 : 0;
    this.#failures[kind] = fails;
    this.#successes[kind] = wins;
    const threshold = fails >= spec.failureThreshold;
    switch (kind) {
      case 'startup':
        if (result.ok) {
          this.state.started = true;
          this.#startOthers();
          return; // the startup probe stops once it succeeded
        }
        if (threshold) return this.#onFailure(kind, result);
        break;
      case 'liveness':
        this.state.live = !threshold;
        if (threshold) return this.#onFailure(kind, result);
        break;
      case 'readiness':
        if (wins >= spec.successThreshold) this.state.ready = true;
        if (threshold) this.state.ready = false;
        break;
    }
    this.#after(spec.periodSeconds * 1000, () => this.#tick(kind, spec));
  }
}
