import test from 'ava';
import { MinikubeadmError } from '../../src/errors.js';
import { formatElapsed, waitFor } from '../../src/wait.js';

test('returns the first defined value', async (t) => {
  let n = 0;
  t.is(await waitFor(async () => (++n >= 3 ? 'ok' : undefined), { timeoutMs: 5_000, intervalMs: 1, what: 'x' }), 'ok');
  t.is(n, 3);
});

test('times out naming what it waited for and the last error', async (t) => {
  const e = await t.throwsAsync(waitFor(async () => { throw new Error('connection refused'); }, { timeoutMs: 50, intervalMs: 10, what: 'the Node "cp1" to be registered', hint: 'start it' }), { instanceOf: MinikubeadmError });
  t.is(e!.code, 'TIMEOUT');
  t.regex(e!.message, /waiting for the Node "cp1" to be registered; last error: connection refused/);
  t.is(e!.hint, 'start it');
});

test('a fatal error stops the wait at once', async (t) => {
  const start = Date.now();
  await t.throwsAsync(waitFor(async () => { throw new Error('forbidden'); }, { timeoutMs: 10_000, intervalMs: 10, what: 'x' }, () => true), { message: 'forbidden' });
  t.true(Date.now() - start < 1_000);
});

test('elapsed times in kubeadm form', (t) => {
  t.is(formatElapsed(240_000), '4m0s');
  t.is(formatElapsed(1_234), '1.2s');
  t.is(formatElapsed(61_000), '1m1s');
});
