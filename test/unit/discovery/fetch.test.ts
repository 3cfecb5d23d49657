/**
 * One GET of cluster-info and the polling loop around it, against real HTTPS servers on 127.0.0.1:
 * what each answer becomes (value, retryable error, final error) and the per-request deadline.
 */
import test, { type ExecutionContext } from 'ava';
import { CLUSTER_INFO_PATH, type FetchFailure, fetchClusterInfo, isTlsIdentityError, pollClusterInfo } from '../../../src/discovery/fetch.js';
import { MinikubeadmError } from '../../../src/errors.js';
import { memoryLogger } from '../../../src/log.js';
import { TransportError, endpoint } from '../../../src/net/http.js';
import { type Answer, type ClusterInfoServer, clusterInfoServer, discoveryPki } from '../../helpers/cluster-info.js';

async function serve(t: ExecutionContext, answer: (n: number) => Answer, cert: 'serving' | 'mitm' = 'serving'): Promise<ClusterInfoServer> {
  const s = await clusterInfoServer((await discoveryPki())[cert], answer);
  t.teardown(() => s.close());
  return s;
}

function unverified(t: ExecutionContext, s: ClusterInfoServer) {
  const ep = endpoint(s.url, { insecure: true });
  t.teardown(() => ep.close());
  return ep;
}

function failure(t: ExecutionContext, outcome: Awaited<ReturnType<typeof fetchClusterInfo>>): FetchFailure {
  if (!('error' in outcome)) {
    t.fail(`expected a failure, got ${JSON.stringify(outcome.data)}`);
    throw new Error('unreachable');
  }
  t.true(outcome.error instanceof MinikubeadmError);
  t.is(outcome.error.code, 'DISCOVERY_FAILED');
  return outcome;
}

const soon = (): number => Date.now() + 10_000;

test('a ConfigMap answer: its data and the DER certificate the server presented', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, () => ({ data: { kubeconfig: 'k', 'jws-kubeconfig-abcdef': 's' } }));
  const outcome = await fetchClusterInfo(unverified(t, s), soon());
  if ('error' in outcome) return t.fail(outcome.error.message);
  t.deepEqual(outcome.data, { kubeconfig: 'k', 'jws-kubeconfig-abcdef': 's' });
  t.true(outcome.peerCertificate!.equals(pki.serving.cert.der));
  t.deepEqual(s.seen.map((r) => `${r.method} ${r.url}`), [`GET ${CLUSTER_INFO_PATH}`]);
});

test('403 and 404 are retried with their own messages; other statuses show the body', async (t) => {
  const statuses: Answer[] = [
    { status: 403, body: '{"kind":"Status"}' },
    { status: 404, body: '{"kind":"Status"}' },
    { status: 500, body: '  etcdserver: request timed out\n' },
  ];
  const s = await serve(t, (n) => statuses[n - 1]!);
  const ep = unverified(t, s);
  const forbidden = failure(t, await fetchClusterInfo(ep, soon()));
  t.true(forbidden.retry);
  t.is(forbidden.error.message, `the API server at ${s.url} does not let this request read the cluster-info ConfigMap (HTTP 403)`);
  t.regex(forbidden.error.hint!, /creates the Role and RoleBinding that let anonymous users read it/);
  const missing = failure(t, await fetchClusterInfo(ep, soon()));
  t.true(missing.retry);
  t.is(missing.error.message, `there is no cluster-info ConfigMap in kube-public at ${s.url} (HTTP 404): the control plane has not published it yet`);
  t.is(missing.error.hint, 'run `minikubeadm init phase bootstrap-token` on the control plane');
  const broken = failure(t, await fetchClusterInfo(ep, soon()));
  t.true(broken.retry);
  t.is(broken.error.message, `failed to request the cluster-info ConfigMap from ${s.url}: HTTP 500 etcdserver: request timed out`);
  t.is(broken.error.hint, 'check the API server logs on the control plane');
});

test('an answer that is not JSON, or whose data is not strings, is not retried', async (t) => {
  const answers: Answer[] = [
    { status: 200, body: '<html>hello</html>', contentType: 'text/html' },
    { status: 200, body: JSON.stringify({ data: { kubeconfig: 1 } }) },
    { status: 200, body: JSON.stringify({ kind: 'ConfigMap' }) },
  ];
  const s = await serve(t, (n) => answers[n - 1]!);
  const ep = unverified(t, s);
  const html = failure(t, await fetchClusterInfo(ep, soon()));
  t.false(html.retry);
  t.is(html.error.message, `the answer of ${s.url} for the cluster-info ConfigMap is not JSON: it is not a Kubernetes API server`);
  for (const _ of [1, 2]) {
    const bad = failure(t, await fetchClusterInfo(ep, soon()));
    t.false(bad.retry);
    t.is(bad.error.message, `the cluster-info ConfigMap at ${s.url} has no string data`);
  }
});

test('a TLS identity failure is final and keeps the transport error as its cause', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, () => ({ data: { kubeconfig: 'k' } }), 'mitm');
  const ep = endpoint(s.url, { ca: pki.ca.cert.pem });
  t.teardown(() => ep.close());
  const outcome = failure(t, await fetchClusterInfo(ep, soon()));
  t.false(outcome.retry);
  const cause = outcome.error.cause;
  t.true(cause instanceof TransportError);
  t.is((cause as TransportError).code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  t.true(isTlsIdentityError(cause));
  t.false(isTlsIdentityError(new TransportError('refused', 'ECONNREFUSED')));
  t.false(isTlsIdentityError(new Error('UNABLE_TO_VERIFY_LEAF_SIGNATURE')));
});

test('pollClusterInfo retries until `accept` takes an answer', async (t) => {
  const s = await serve(t, (n) => (n <= 2 ? { status: 404, body: '{}' } : { data: { kubeconfig: `answer ${n}` } }));
  const log = memoryLogger(1);
  const got = await pollClusterInfo(unverified(t, s), {
    timeoutMs: 10_000,
    intervalMs: 10,
    log: log.log,
    accept: (a) => (a.data['kubeconfig'] === 'answer 4' ? { value: a } : { error: new MinikubeadmError('DISCOVERY_FAILED', 'not yet'), retry: true }),
  });
  t.is(got.data['kubeconfig'], 'answer 4');
  t.is(s.seen.length, 4);
  t.is(log.err().match(/Retrying due to error: there is no cluster-info ConfigMap/g)?.length, 2);
  t.regex(log.err(), /Retrying due to error: not yet/);
});

test('pollClusterInfo stops at once when `accept` says waiting cannot help', async (t) => {
  const s = await serve(t, () => ({ data: { kubeconfig: 'k' } }));
  const wrong = new MinikubeadmError('DISCOVERY_FAILED', 'wrong cluster');
  const e = await t.throwsAsync(pollClusterInfo(unverified(t, s), { timeoutMs: 10_000, intervalMs: 10, log: memoryLogger().log, accept: () => ({ error: wrong, retry: false }) }));
  t.is(e, wrong);
  t.is(s.seen.length, 1);
});

test.serial('pollClusterInfo gives the last error when the timeout is shorter than the interval', async (t) => {
  const s = await serve(t, () => ({ status: 403, body: '{}' }));
  const started = Date.now();
  // The default 5 s interval is capped by the 1.5 s timeout: one request, then the error.
  const e = await t.throwsAsync(pollClusterInfo(unverified(t, s), { timeoutMs: 1_500, log: memoryLogger().log, accept: (a) => ({ value: a }) }), { instanceOf: MinikubeadmError });
  t.true(Date.now() - started < 4_000, 'no 5 s wait after the last attempt');
  t.regex(e!.message, /\(HTTP 403\)$/);
  t.is(s.seen.length, 1);
});

test('one request never takes more than 10 s, however far the discovery deadline', async (t) => {
  t.timeout(30_000);
  const s = await serve(t, () => 'hang');
  const started = Date.now();
  const outcome = failure(t, await fetchClusterInfo(unverified(t, s), Date.now() + 120_000));
  const took = Date.now() - started;
  t.true(took >= 9_900 && took < 15_000, `took ${took} ms`);
  t.true(outcome.retry);
  t.is(outcome.error.message, `failed to request the cluster-info ConfigMap from ${s.url}: no answer within 10000 ms`);
  t.is((outcome.error.cause as TransportError).code, 'ETIMEDOUT');
});

test.serial('a request started past the deadline still gets a bounded attempt', async (t) => {
  const s = await serve(t, () => 'hang');
  const started = Date.now();
  const outcome = failure(t, await fetchClusterInfo(unverified(t, s), Date.now() - 1_000));
  t.true(Date.now() - started < 3_000);
  t.is(outcome.error.message, `failed to request the cluster-info ConfigMap from ${s.url}: no answer within 1 ms`);
});
