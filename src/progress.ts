/**
 * kind's status idiom for long waits: on a TTY a spinner with the elapsed time redrawn in place, then
 * one final line; elsewhere plain lines only (a start line, a "still waiting" line every 20 s, the end).
 */
import type { Logger } from './log.js';
import { formatElapsed } from './wait.js';

export interface StatusSink {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface Status {
  /** Change the text shown while waiting. */
  update(text: string): void;
  /** Print a log line above the spinner. */
  line(print: () => void): void;
  /** Stop the spinner (the caller prints the outcome). */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startStatus(log: Logger, text: string, sink: StatusSink = process.stdout, now: () => number = Date.now): Status {
  const start = now();
  let current = text;
  let frame = 0;
  if (sink.isTTY) {
    const draw = (): void => {
      sink.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${current} (${formatElapsed(now() - start)})`);
    };
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
      update: (t) => {
        current = t;
      },
      line: (print) => {
        sink.write('\r\x1b[K');
        print();
        draw();
      },
      stop: () => {
        clearInterval(timer);
        sink.write('\r\x1b[K');
      },
    };
  }
  const timer = setInterval(() => log.info(`Still waiting: ${current} (${formatElapsed(now() - start)} elapsed)`), 20_000);
  timer.unref();
  return {
    update: (t) => {
      current = t;
    },
    line: (print) => print(),
    stop: () => clearInterval(timer),
  };
}
