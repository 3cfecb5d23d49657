/** Maps any thrown value to a message on stderr and an exit code. User errors print without a stack. */
import { UsageError, isMinikubeadmError } from '../errors.js';

export function reportError(e: unknown, argv: readonly string[]): number {
  const verbosity = verbosityOf(argv);
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n`);
    if (e.hint) process.stderr.write(`To fix: ${e.hint}\n`);
    process.stderr.write("See 'minikubeadm --help' for usage.\n");
    return 1;
  }
  if (isMinikubeadmError(e)) {
    process.stderr.write(`${e.message}\n`);
    if (e.hint) process.stderr.write(`To fix: ${e.hint}\n`);
    if (verbosity >= 5 && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`unexpected error: ${err.message}\n`);
  process.stderr.write(verbosity >= 1 && err.stack ? `${err.stack}\n` : 'Re-run with -v 5 for the stack trace.\n');
  return 2;
}

/** The -v level as verbosityFrom accepts it (1–3 digits); anything else (the value it refused) counts as 0. */
export function verbosityOf(argv: readonly string[]): number {
  for (const [i, a] of argv.entries()) {
    const m = /^--?(?:v|verbosity)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const text = (m[1] ?? argv[i + 1] ?? '0').trim();
    return /^\d{1,3}$/.test(text) ? Number(text) : 0;
  }
  return 0;
}
