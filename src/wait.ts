/** Polling with a deadline: the one way phases wait for something in the cluster or on the node. */
import { MinikubeadmError, messageOf } from './errors.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is awaited, for the timeout message: e.g. `the Node "cp1" to be registered`. */
  what: string;
  /** Next step for the user when the wait times out. */
  hint?: string;
  /** The clock; tests pin it. */
  now?: () => number;
}

/**
 * Calls `probe` until it returns something other than `undefined` and returns that. A throwing
 * probe counts as "not yet" (its last error goes into the timeout message), unless `fatal` says
 * the error will not go away by waiting.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: WaitOptions,
  fatal: (e: unknown) => boolean = () => false,
): Promise<T> {
  const now = options.now ?? Date.now;
  const start = now();
  const interval = options.intervalMs ?? 500;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (e) {
      if (fatal(e)) throw e;
      last = e;
    }
    const elapsed = now() - start;
    if (elapsed >= options.timeoutMs) {
      const why = last === undefined ? '' : `; last error: ${messageOf(last)}`;
      throw new MinikubeadmError('TIMEOUT', `timed out after ${formatElapsed(options.timeoutMs)} waiting for ${options.what}${why}`, {
        hint: options.hint ?? 'check that the control plane is running (`crictl ps -a`) and re-run the phase',
        cause: last,
      });
    }
    await sleep(Math.min(interval, Math.max(0, options.timeoutMs - elapsed)));
  }
}

/** `1.2s`, `2m3s`: the short form kubeadm prints for elapsed times. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${s}s`;
}
