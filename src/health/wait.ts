/**
 * Wait until every check answers healthy, all in parallel, printing one line per component as it
 * becomes healthy. On timeout: exit non-zero naming each failing component, its probe URL and its
 * last answer, with what to look at next.
 */
import { MinikubeadmError } from '../errors.js';
import type { Logger } from '../log.js';
import { type StatusSink, startStatus } from '../progress.js';
import { formatElapsed, sleep } from '../wait.js';
import { type HealthCheck, prober } from './checks.js';

export interface WaitHealthyOptions {
  timeoutMs: number;
  intervalMs?: number;
  log: Logger;
  /** Where the spinner goes (a TTY gets one); default stdout. */
  sink?: StatusSink;
  /** Added to the timeout hint, e.g. the CRI socket for crictl. */
  criSocket?: string;
}

export async function waitHealthy(checks: readonly HealthCheck[], options: WaitHealthyOptions): Promise<void> {
  const start = Date.now();
  const pending = new Set(checks.map((c) => c.name));
  const last = new Map<string, string>();
  const status = startStatus(options.log, `waiting for ${[...pending].join(', ')}`, options.sink);
  const probers = checks.map((c) => ({ check: c, ...prober(c) }));
  try {
    await Promise.all(
      probers.map(async ({ check, probe }) => {
        for (;;) {
          const outcome = await probe();
          if (outcome.healthy) {
            pending.delete(check.name);
            status.update(`waiting for ${[...pending].join(', ')}`);
            status.line(() => options.log.info(`${check.name} is healthy after ${formatElapsed(Date.now() - start)}`));
            return;
          }
          last.set(check.name, outcome.detail);
          if (Date.now() - start >= options.timeoutMs) return;
          await sleep(options.intervalMs ?? 500);
        }
      }),
    );
  } finally {
    status.stop();
    for (const p of probers) p.close();
  }
  if (pending.size === 0) return;
  const failing = checks.filter((c) => pending.has(c.name));
  const lines = failing.map((c) => `  - ${c.name} at ${c.url}: ${last.get(c.name) ?? 'no answer'}`);
  const crictl = options.criSocket ? `crictl --runtime-endpoint ${options.criSocket} ps -a` : 'crictl ps -a';
  throw new MinikubeadmError('TIMEOUT', `not healthy after ${formatElapsed(options.timeoutMs)}:\n${lines.join('\n')}`, {
    hint:
      `check the kubelet (\`systemctl status kubelet\`, \`journalctl -xeu kubelet\`), list the control-plane containers with \`${crictl}\` ` +
      `and read the failing one's logs with \`crictl logs <container-id>\`; probe it yourself with \`curl -k ${failing[0]!.url}\``,
  });
}
