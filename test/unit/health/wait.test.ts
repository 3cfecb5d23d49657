import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { MinikubeadmError } from '../../../src/errors.js';
import { waitHealthy } from '../../../src/health/wait.js';
import { memoryLogger } from '../../../src/log.js';

/** A local HTTP endpoint that fails `failures` times, then answers ok (or keeps failing). */
async function endpoint(failures: number): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    if (hits > failures) res.end('ok');
    else {
      res.statusCode = 500;
      res.end('[-]etcd failed: reason withheld\nhealthz check failed');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`, server, hits: () => hits };
}

test('waits for every component and prints one line per component', async (t) => {
  const a = await endpoint(2);
  const b = await endpoint(0);
  const { log, out } = memoryLogger();
  await waitHealthy([{ name: 'kube-apiserver', url: a.url }, { name: 'kube-scheduler', url: b.url }], { timeoutMs: 10_000, intervalMs: 20, log, sink: { write: () => true } });
  t.regex(out(), /kube-apiserver is healthy after [\d.]+s/);
  t.regex(out(), /kube-scheduler is healthy after [\d.]+s/);
  t.is(a.hits(), 3);
  a.server.close();
  b.server.close();
});

test('on timeout: non-zero, each failing component with its URL and last answer, and what to check', async (t) => {
  const a = await endpoint(1_000_000);
  const { log } = memoryLogger();
  const closed = 'http://127.0.0.1:1/healthz';
  const e = await t.throwsAsync(
    waitHealthy([{ name: 'kube-controller-manager', url: a.url }, { name: 'kubelet', url: closed }], { timeoutMs: 300, intervalMs: 50, log, criSocket: 'unix:///run/containerd/containerd.sock', sink: { write: () => true } }),
    { instanceOf: MinikubeadmError },
  );
  t.is(e!.code, 'TIMEOUT');
  t.is(e!.exitCode, 1);
  t.true(e!.message.includes(`kube-controller-manager at ${a.url}: HTTP 500`));
  t.true(e!.message.includes(`kubelet at ${closed}: `));
  t.regex(e!.hint!, /journalctl -xeu kubelet/);
  t.regex(e!.hint!, /crictl --runtime-endpoint unix:\/\/\/run\/containerd\/containerd\.sock ps -a/);
  a.server.close();
});

test('a TTY gets a spinner redrawn in place; the lines still come through the logger', async (t) => {
  const a = await endpoint(3);
  const { log, out } = memoryLogger();
  let drawn = '';
  await waitHealthy([{ name: 'kube-apiserver', url: a.url }], { timeoutMs: 10_000, intervalMs: 60, log, sink: { isTTY: true, write: (c: string) => (drawn += c) } });
  t.regex(drawn, /\r\x1b\[K. waiting for kube-apiserver \([\d.]+s\)/);
  t.regex(out(), /kube-apiserver is healthy/);
  a.server.close();
});
