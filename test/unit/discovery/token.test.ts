/**
 * Token discovery against real HTTPS servers on 127.0.0.1: the JWS, the CA pin, the second verified
 * request, and each way they fail, with the number of requests the server saw.
 */
import test, { type ExecutionContext } from 'ava';
import { CLUSTER_INFO_MAX_BYTES, CLUSTER_INFO_PATH } from '../../../src/discovery/fetch.js';
import { type TokenDiscoveryInputs, tokenDiscovery } from '../../../src/discovery/token.js';
import { MinikubeadmError } from '../../../src/errors.js';
import { memoryLogger } from '../../../src/log.js';
import { hashCertificate } from '../../../src/pki/pubkeypin.js';
import {
  type Answer,
  type ClusterInfoServer,
  TOKEN,
  TOKEN_ID,
  clusterInfoServer,
  clusterInfoText,
  deadPort,
  discoveryPki,
  signedData,
} from '../../helpers/cluster-info.js';

async function serve(t: ExecutionContext, cert: 'serving' | 'noLoopback' | 'mitm', answer: (n: number, s: () => ClusterInfoServer) => Answer): Promise<ClusterInfoServer> {
  const pki = await discoveryPki();
  let server: ClusterInfoServer | undefined;
  server = await clusterInfoServer(pki[cert], (n) => answer(n, () => server!));
  t.teardown(() => server!.close());
  return server;
}

/** cluster-info for this server, with the cluster CA, signed with the test token. */
async function genuine(s: ClusterInfoServer): Promise<Record<string, string>> {
  return signedData(clusterInfoText(s.url, (await discoveryPki()).ca.cert.pem));
}

async function pin(): Promise<string> {
  return hashCertificate((await discoveryPki()).ca.cert.pem);
}

function discover(s: ClusterInfoServer | string, log: ReturnType<typeof memoryLogger>, over: Partial<TokenDiscoveryInputs> = {}) {
  return tokenDiscovery({
    endpoint: typeof s === 'string' ? s : s.endpoint,
    token: TOKEN,
    caCertHashes: [],
    unsafeSkipCAVerification: false,
    timeoutMs: 10_000,
    intervalMs: 20,
    log: log.log,
    ...over,
  });
}

/*
 * The tests that depend on time run serially (before the others), with an interval of a third of
 * the timeout: at most three attempts, each with a budget far above a loopback round trip, so a
 * loaded machine does not turn the expected error into a timeout of the last attempt.
 */
const RETRYING = { timeoutMs: 1_500, intervalMs: 500 };

async function refused(t: ExecutionContext, p: Promise<unknown>): Promise<MinikubeadmError> {
  const e = await t.throwsAsync(p, { instanceOf: MinikubeadmError });
  t.is(e!.code, 'DISCOVERY_FAILED');
  return e!;
}

test('a correct pin: two requests, the second verified; server, CA and pin come back', async (t) => {
  const pki = await discoveryPki();
  const data: { value?: Record<string, string> } = {};
  const s = await serve(t, 'serving', () => ({ data: data.value! }));
  data.value = await genuine(s);
  const log = memoryLogger(1);
  const found = await discover(s, log, { caCertHashes: [await pin()] });
  t.is(found.via, 'token');
  t.is(found.server, s.url);
  t.is(found.caPem, pki.ca.cert.pem);
  t.is(found.endpoint, s.endpoint);
  t.deepEqual(found.pinned, [await pin()]);
  t.true(found.endpointCertificate!.equals(pki.serving.cert.der), 'the certificate the server presented');
  t.is(found.kubeconfig.clusters.length, 1);
  t.is(found.kubeconfig.clusters[0]!.name, '');
  t.deepEqual(s.seen, [
    { method: 'GET', url: CLUSTER_INFO_PATH, authorization: undefined },
    { method: 'GET', url: CLUSTER_INFO_PATH, authorization: undefined },
  ], 'anonymous, twice');
  t.regex(log.err(), /TLS certificate validates against pinned roots, will use API Server "127\.0\.0\.1:\d+"/);
  t.is(log.out(), '');
});

test('one of several pins matching is enough', async (t) => {
  const pki = await discoveryPki();
  const data: { value?: Record<string, string> } = {};
  const s = await serve(t, 'serving', () => ({ data: data.value! }));
  data.value = await genuine(s);
  const found = await discover(s, memoryLogger(), { caCertHashes: [hashCertificate(pki.mitmCA.cert.pem), await pin()] });
  t.is(found.pinned.length, 2);
  t.is(s.seen.length, 2);
});

test('unsafeSkipCAVerification without pins: one unverified request is enough', async (t) => {
  const pki = await discoveryPki();
  const data: { value?: Record<string, string> } = {};
  const s = await serve(t, 'serving', () => ({ data: data.value! }));
  data.value = await genuine(s);
  const log = memoryLogger(1);
  const found = await discover(s, log, { unsafeSkipCAVerification: true });
  t.is(found.server, s.url);
  t.is(found.caPem, pki.ca.cert.pem);
  t.deepEqual(found.pinned, []);
  t.is(s.seen.length, 1);
  t.regex(log.err(), /no TLS pinning was specified, will use API Server "127\.0\.0\.1:\d+"/);
});

test.serial('no signature for this token while other tokens are signed: retried until the timeout, then names the other ids', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (_n, self) => ({
    data: signedData(clusterInfoText(self().url, pki.ca.cert.pem), [['zzzzzz', 'zzzzzzzzzzzzzzzz'], ['yyyyyy', 'yyyyyyyyyyyyyyyy']]),
  }));
  const log = memoryLogger(1);
  const started = Date.now();
  const e = await refused(t, discover(s, log, { caCertHashes: [await pin()], ...RETRYING }));
  t.true(Date.now() - started < 6_000);
  t.is(
    e.message,
    `could not find a JWS signature in the cluster-info ConfigMap for token ID "${TOKEN_ID}": the cluster signs it for other tokens (zzzzzz, yyyyyy), so this token is unknown to the cluster, has expired or was deleted, or lacks the "signing" usage`,
  );
  t.regex(e.hint!, /minikubeadm token create --print-join-command/);
  t.true(s.seen.length > 1, `retried (${s.seen.length} requests)`);
  t.regex(log.err(), /Retrying due to error: could not find a JWS signature/);
});

test.serial('no signature at all: the bootstrapsigner is the suspect', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (_n, self) => ({ data: { kubeconfig: clusterInfoText(self().url, pki.ca.cert.pem) } }));
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()], ...RETRYING }));
  t.is(e.message, `could not find a JWS signature in the cluster-info ConfigMap for token ID "${TOKEN_ID}" at ${s.url}, and it carries no signature for any token`);
  t.regex(e.hint!, /bootstrapsigner signs cluster-info for every valid signing token: it may not have done so yet/);
  t.regex(e.hint!, /--controllers must include bootstrapsigner/);
  t.regex(e.hint!, /kubectl -n kube-system get pods -l component=kube-controller-manager/);
});

test('a signature that appears on the third request: discovery waits for it', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (n, self) => {
    const kubeconfig = clusterInfoText(self().url, pki.ca.cert.pem);
    return { data: n < 3 ? { kubeconfig } : signedData(kubeconfig) };
  });
  const log = memoryLogger(1);
  const found = await discover(s, log, { caCertHashes: [await pin()], timeoutMs: 10_000, intervalMs: 20 });
  t.is(found.server, s.url);
  t.is(s.seen.length, 4, 'three unverified requests, then the verified one');
  t.is(log.err().match(/Retrying due to error/g)?.length, 2);
});

test('a signature made with another secret fails the JWS check', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (_n, self) => ({ data: signedData(clusterInfoText(self().url, pki.ca.cert.pem), [[TOKEN_ID, 'ffffffffffffffff']]) }));
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()] }));
  t.is(e.message, `failed to verify JWS signature of received cluster info object, can't trust this API Server (${s.url})`);
  t.regex(e.hint!, /the token secret does not match the one the cluster signed with, or cluster-info was altered on the way/);
  t.is(s.seen.length, 1, 'a bad signature is not retried');
});

test('cluster-info changed after signing fails the JWS check', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (_n, self) => {
    const data = signedData(clusterInfoText(self().url, pki.ca.cert.pem));
    // The attacker's CA, same signature.
    data['kubeconfig'] = clusterInfoText(self().url, pki.mitmCA.cert.pem);
    return { data };
  });
  const e = await refused(t, discover(s, memoryLogger(), { unsafeSkipCAVerification: true }));
  t.regex(e.message, /^failed to verify JWS signature of received cluster info object/);
  t.is(s.seen.length, 1);
});

test('a CA that is not pinned is refused before the second request, naming its pin', async (t) => {
  const pki = await discoveryPki();
  const data: { value?: Record<string, string> } = {};
  const s = await serve(t, 'serving', () => ({ data: data.value! }));
  data.value = await genuine(s);
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [hashCertificate(pki.mitmCA.cert.pem)] }));
  t.is(e.message, `cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${await pin()}" are pinned`);
  t.regex(e.hint!, /belongs to another cluster, or the --discovery-token-ca-cert-hash is wrong/);
  t.regex(e.hint!, /openssl x509 -in ca\.crt -pubkey -noout/);
  t.is(s.seen.length, 1);
});

test('a server that presents a certificate of another CA: the verified request says someone answers in its place', async (t) => {
  const data: { value?: Record<string, string> } = {};
  // The first, unverified answer carries the real CA and a valid signature; the TLS certificate is the MITM's.
  const s = await serve(t, 'mitm', () => ({ data: data.value! }));
  data.value = await genuine(s);
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()] }));
  t.is(
    e.message,
    `the server at ${s.endpoint} presented a certificate that the cluster CA (pinned by --discovery-token-ca-cert-hash) did not sign (UNABLE_TO_VERIFY_LEAF_SIGNATURE), although its first, unverified answer carried that CA: something between this node and the API server is answering in its place`,
  );
  t.regex(e.hint!, /^do not join through this network path/);
  // The verified attempt fails in the TLS handshake, before any HTTP request, and is not retried.
  t.is(s.seen.length, 1);
  t.is(s.connections(), 2);
});

test('a certificate of the cluster CA without the typed address: the altname message lists its SANs', async (t) => {
  const data: { value?: Record<string, string> } = {};
  const s = await serve(t, 'noLoopback', () => ({ data: data.value! }));
  data.value = await genuine(s);
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()] }));
  t.is(e.message, `the API server's certificate is signed by the pinned CA but is not valid for the address you typed (${s.endpoint}): it is valid for kubernetes, 10.96.0.1`);
  t.regex(e.hint!, /add "127\.0\.0\.1" to ClusterConfiguration\.apiServer\.certSANs/);
  t.regex(e.hint!, /minikubeadm init phase certs apiserver/);
  t.is(s.seen.length, 1);
  t.is(s.connections(), 2);
});

test('a second answer that differs from the first is refused', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (n, self) => ({
    data: signedData(clusterInfoText(n === 1 ? self().url : 'https://10.0.0.99:6443', pki.ca.cert.pem)),
  }));
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()] }));
  t.is(e.message, `the second kubeconfig from the cluster-info ConfigMap (using validated TLS) was different from the first (${s.url})`);
  t.regex(e.hint!, /cluster-info changed between the two requests/);
  t.is(s.seen.length, 2);
});

test.serial('an endpoint nothing listens on: retried within the timeout, then named', async (t) => {
  const port = await deadPort();
  const log = memoryLogger(1);
  const started = Date.now();
  const e = await refused(t, discover(`127.0.0.1:${port}`, log, { caCertHashes: [await pin()], ...RETRYING }));
  t.true(Date.now() - started < 6_000);
  t.is(e.message, `failed to request the cluster-info ConfigMap from https://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  t.is(e.hint, `check that https://127.0.0.1:${port} is the control plane's address and that this node reaches it (routing, firewall: \`curl -k https://127.0.0.1:${port}/healthz\`)`);
  t.regex(log.err(), /Retrying due to error: failed to request/);
});

test.serial('an answer over 1 MiB is refused at once and not retried', async (t) => {
  const s = await serve(t, 'serving', () => ({ status: 200, body: Buffer.alloc(CLUSTER_INFO_MAX_BYTES + 4096, 0x61) }));
  const started = Date.now();
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()], timeoutMs: 10_000 }));
  t.true(Date.now() - started < 9_000, 'not retried until the timeout');
  t.is(e.message, `the server at ${s.url} answered with more than ${CLUSTER_INFO_MAX_BYTES} bytes for the cluster-info ConfigMap, which is a few KiB: it is not a Kubernetes API server`);
  t.is(e.hint, `check the address given to join (${s.url})`);
  t.is(s.seen.length, 1);
});

test.serial('a server that never answers is cut off at the discovery deadline', async (t) => {
  const s = await serve(t, 'serving', () => 'hang');
  const started = Date.now();
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()], timeoutMs: 1_000, intervalMs: 50 }));
  const took = Date.now() - started;
  t.true(took >= 950 && took < 6_000, `took ${took} ms`);
  t.regex(e.message, new RegExp(`^failed to request the cluster-info ConfigMap from ${s.url.replaceAll('.', '\\.')}: no answer within \\d+ ms$`));
  t.is(s.seen.length, 1, 'the one request used the whole deadline');
});

test('a malformed token is refused before any request', async (t) => {
  const s = await serve(t, 'serving', () => ({ status: 500, body: 'unexpected' }));
  for (const token of ['abcdef.0123456789', 'ABCDEF.0123456789abcdef', 'abcdef0123456789abcdef', '']) {
    const e = await refused(t, discover(s, memoryLogger(), { token, unsafeSkipCAVerification: true }));
    t.is(e.message, 'the discovery token is not of the form [a-z0-9]{6}.[a-z0-9]{16}');
    t.regex(e.hint!, /minikubeadm token create/);
    if (token !== '') t.false(e.message.includes(token), 'the token is not echoed');
  }
  t.is(s.seen.length, 0);
});

test('a signed cluster-info without a kubeconfig key: not set up for token bootstrapping', async (t) => {
  const s = await serve(t, 'serving', () => ({ data: { [`jws-kubeconfig-${TOKEN_ID}`]: 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..x' } }));
  const e = await refused(t, discover(s, memoryLogger(), { caCertHashes: [await pin()] }));
  t.is(e.message, `there is no kubeconfig key in the cluster-info ConfigMap at ${s.url}. This API Server isn't set up for token bootstrapping, can't connect`);
  t.regex(e.hint!, /minikubeadm init phase bootstrap-token/);
});

test('a signed kubeconfig that is not YAML, or whose CA is no certificate, is refused', async (t) => {
  const s1 = await serve(t, 'serving', () => ({ data: signedData('clusters: [') }));
  const yaml = await refused(t, discover(s1, memoryLogger(), { caCertHashes: [await pin()] }));
  t.regex(yaml.message, new RegExp(`^malformed kubeconfig in the cluster-info ConfigMap at ${s1.url.replaceAll('.', '\\.')}: .*not valid YAML`));
  t.regex(yaml.hint!, /minikubeadm init phase bootstrap-token/);

  const s2 = await serve(t, 'serving', (_n, self) => ({ data: signedData(clusterInfoText(self().url, 'not a certificate')) }));
  const ca = await refused(t, discover(s2, memoryLogger(), { caCertHashes: [await pin()] }));
  t.is(ca.message, `failed to parse cluster CA from the cluster-info ConfigMap at ${s2.url}: no PEM certificate`);
  t.is(s2.seen.length, 1);
});
