// Last-resort cleanup for end-to-end tests: hooks that run synchronously when the test process
// exits or is asked to stop by a signal, so no control-plane process or network namespace outlives
// a failed or interrupted test. (SIGKILL cannot be caught; nodes/run.ts sweepDeadRuns() covers that.)

export type ExitHook = () => void;

const hooks = new Set<ExitHook>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function runHooks(): void {
  for (const hook of [...hooks].reverse()) {
    hooks.delete(hook);
    try {
      hook();
    } catch {
      // Keep going: the remaining hooks still have to run.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runHooks();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Re-raise so the process ends the way it would have without our handler.
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runHooks);
  for (const s of SIGNALS) process.on(s, onSignal);
}

/** Registers a synchronous hook; returns a function that unregisters it. */
export function addExitHook(hook: ExitHook): () => void {
  install();
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}
