/**
 * One logger, one prefix rule: every line a phase prints reads `[phase] message`, like kubeadm.
 * Verbosity follows kubeadm's -v: 0 prints the normal lines, higher levels add detail.
 */
export interface LogSink {
  write(chunk: string): unknown;
}

export interface LoggerOptions {
  out?: LogSink;
  err?: LogSink;
  verbosity?: number;
  prefix?: string;
  /** Lines already printed by `once`, shared by a logger and every logger derived from it. */
  printed?: Set<string>;
}

export class Logger {
  readonly verbosity: number;
  readonly prefix: string;
  private readonly out: LogSink;
  private readonly err: LogSink;
  private readonly printed: Set<string>;

  constructor(options: LoggerOptions = {}) {
    this.out = options.out ?? process.stdout;
    this.err = options.err ?? process.stderr;
    this.verbosity = options.verbosity ?? 0;
    this.prefix = options.prefix ?? '';
    this.printed = options.printed ?? new Set();
  }

  /** A logger whose lines start with `[prefix]`. */
  withPrefix(prefix: string): Logger {
    return new Logger({ out: this.out, err: this.err, verbosity: this.verbosity, prefix, printed: this.printed });
  }

  /** The same logger with its info and warning lines on stderr: stdout stays free for a report (`-o json`). */
  onStderr(): Logger {
    return new Logger({ out: this.err, err: this.err, verbosity: this.verbosity, prefix: this.prefix, printed: this.printed });
  }

  /**
   * An info or warning line printed at most once per run (by this logger or any logger derived
   * from the same root), e.g. a folder announced by whichever sub-phase runs first.
   */
  once(level: 'info' | 'warn', message: string): void {
    const line = `${level} ${this.format(message)}`;
    if (this.printed.has(line)) return;
    this.printed.add(line);
    this[level](message);
  }

  info(message: string): void {
    this.out.write(this.format(message));
  }

  warn(message: string): void {
    this.out.write(this.format(`WARNING: ${message}`));
  }

  /** Printed only at -v level or above. */
  debug(level: number, message: string): void {
    if (this.verbosity >= level) this.err.write(this.format(message));
  }

  /** Raw text without a prefix (join command, JSON reports, printed defaults). */
  print(text: string): void {
    this.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  error(text: string): void {
    this.err.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  private format(message: string): string {
    const head = this.prefix ? `[${this.prefix}] ` : '';
    return message
      .split('\n')
      .map((line) => `${head}${line}`)
      .join('\n')
      .concat('\n');
  }
}

/** A logger that keeps what it prints; for tests and for commands that report data. */
export function memoryLogger(verbosity = 0): { log: Logger; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const log = new Logger({
    verbosity,
    out: { write: (c: string) => (out += c) },
    err: { write: (c: string) => (err += c) },
  });
  return { log, out: () => out, err: () => err };
}
