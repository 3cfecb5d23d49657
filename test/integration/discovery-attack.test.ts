/**
 * `minikubeadm join` through the real CLI against hostile servers on 127.0.0.1: one presenting
 * another CA's certificate, one serving a cluster-info altered after signing, one replaying the
 * signature of another token, one that accepts connections and never answers (slow loris, at the
 * TCP and at the HTTP level), one with an oversized answer, and one whose CA is not the pinned one.
 * Each run fails with exit 1 within the discovery timeout, with its own message, and writes nothing.
 * Serial: each run is timed, with the start-up of a process on a loaded machine as its only slack.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { CLUSTER_INFO_MAX_BYTES } from '../../src/discovery/fetch.js';
import { hashCertificate } from '../../src/pki/pubkeypin.js';
import { JWS_SIGNATURE_KEY_PREFIX, computeDetachedSignature } from '../../src/token/jws.js';
import { runCli } from '../helpers/cli.js';
import { type Answer, type ClusterInfoServer, TOKEN, TOKEN_ID, TOKEN_SECRET, clusterInfoServer, clusterInfoText, discoveryPki, joinConfigText, signedData } from '../helpers/cluster-info.js';

/** The discovery timeout of every run; a run must end within it plus the slack of a loaded machine. */
const DISCOVERY_TIMEOUT_S = 4;
const SLACK_MS = 10_000;
const OTHER_TOKEN: readonly [string, string] = ['zyxwvu', 'fedcba9876543210'];

interface Outcome {
  exitCode: number;
  stderr: string;
  stdout: string;
  ms: number;
}

/** `join` with token discovery of `endpoint`, pinned to `pin`, in a fresh directory; nothing may be written there. */
async function join_(t: ExecutionContext, endpoint: string, pin: string): Promise<Outcome> {
  const d = await mkdtemp(join(tmpdir(), 'mka-attack-'));
  t.teardown(() => rm(d, { recursive: true, force: true }));
  const config = join(d, 'join.yaml');
  await writeFile(config, joinConfigText({ endpoint, token: TOKEN, pin, discoveryTimeout: `${DISCOVERY_TIMEOUT_S}s` }));
  const started = Date.now();
  const r = await runCli(['join', '--config', config, '--kubernetes-dir', join(d, 'k'), '--kubelet-dir', join(d, 'kubelet'), '--ignore-preflight-errors', 'all', '-v', '5'], { timeoutMs: 60_000 });
  const ms = Date.now() - started;
  t.is(r.exitCode, 1, r.stderr);
  t.true(ms < DISCOVERY_TIMEOUT_S * 1000 + SLACK_MS, `took ${ms} ms`);
  t.regex(r.stderr, /error execution phase preflight: couldn't validate the identity of the API Server: /);
  t.false(`${r.stdout}${r.stderr}`.includes(TOKEN_SECRET), 'the token secret is never printed');
  t.deepEqual(await readdir(d), ['join.yaml'], 'nothing written');
  return { ...r, ms };
}

async function serve(t: ExecutionContext, cert: 'serving' | 'mitm', answer: (n: number, url: string) => Answer): Promise<ClusterInfoServer> {
  const pki = await discoveryPki();
  let url = '';
  const server = await clusterInfoServer(pki[cert], (n) => answer(n, url));
  url = server.url;
  t.teardown(() => server.close());
  return server;
}

let pkiNow: Awaited<ReturnType<typeof discoveryPki>> | undefined;
test.before(async () => {
  pkiNow = await discoveryPki();
});

const caPin = async (): Promise<string> => hashCertificate((await discoveryPki()).ca.cert.pem);
const genuineKubeconfig = async (url: string): Promise<string> => clusterInfoText(url, (await discoveryPki()).ca.cert.pem);

test.serial('a server presenting a certificate of another CA: someone answers in the API server\'s place', async (t) => {
  const kubeconfig: { text?: string } = {};
  const s = await serve(t, 'mitm', () => ({ data: signedData(kubeconfig.text!) }));
  kubeconfig.text = await genuineKubeconfig(s.url);
  const r = await join_(t, s.endpoint, await caPin());
  t.regex(r.stderr, /presented a certificate that the cluster CA \(pinned by --discovery-token-ca-cert-hash\) did not sign .*something between this node and the API server is answering in its place/);
});

test.serial('a cluster-info altered after signing (the CA swapped): the JWS check fails at once', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, 'serving', (_n, url) => {
    const data = signedData(clusterInfoText(url, pki.ca.cert.pem));
    data['kubeconfig'] = clusterInfoText(url, pki.mitmCA.cert.pem);
    return { data };
  });
  const r = await join_(t, s.endpoint, await caPin());
  t.regex(r.stderr, /failed to verify JWS signature of received cluster info object, can't trust this API Server/);
  t.is(s.seen.length, 1, 'not retried');
});

test.serial("another token's signature replayed under this token's id: the JWS check fails at once", async (t) => {
  const s = await serve(t, 'serving', (_n, url) => {
    const kubeconfig = clusterInfoText(url, pkiNow!.ca.cert.pem);
    return { data: { kubeconfig, [`${JWS_SIGNATURE_KEY_PREFIX}${TOKEN_ID}`]: computeDetachedSignature(kubeconfig, ...OTHER_TOKEN) } };
  });
  const r = await join_(t, s.endpoint, await caPin());
  t.regex(r.stderr, /failed to verify JWS signature of received cluster info object, can't trust this API Server/);
  t.is(s.seen.length, 1, 'not retried');
});

test.serial("only another token's signature: waited for while the discovery timeout allows, then the ids that are signed are named", async (t) => {
  const s = await serve(t, 'serving', (_n, url) => ({ data: signedData(clusterInfoText(url, pkiNow!.ca.cert.pem), [OTHER_TOKEN]) }));
  const r = await join_(t, s.endpoint, await caPin());
  t.regex(r.stderr, new RegExp(`Waiting for the cluster-info ConfigMap to receive a JWS signature for token ID "${TOKEN_ID}"`));
  t.true(r.stderr.includes(`could not find a JWS signature in the cluster-info ConfigMap for token ID "${TOKEN_ID}": the cluster signs it for other tokens (${OTHER_TOKEN[0]})`), r.stderr);
});

test.serial('a slow loris at the TCP level (accepts, never speaks TLS): cut off at the discovery timeout', async (t) => {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const r = await join_(t, `127.0.0.1:${(server.address() as AddressInfo).port}`, await caPin());
  t.regex(r.stderr, /failed to request the cluster-info ConfigMap from https:\/\/127\.0\.0\.1:\d+: /);
  t.true(sockets.length >= 1, 'the connection was accepted');
});

test.serial('a slow loris at the HTTP level (headers sent, the body never ends): cut off at the discovery timeout', async (t) => {
  const s = await serve(t, 'serving', () => 'hang');
  const r = await join_(t, s.endpoint, await caPin());
  t.regex(r.stderr, /failed to request the cluster-info ConfigMap from https:\/\/127\.0\.0\.1:\d+: no answer within \d+ ms/);
  t.true(r.ms >= DISCOVERY_TIMEOUT_S * 1000 - 500, `gave up after ${r.ms} ms, before the timeout`);
});

test.serial('an answer of more than 1 MiB: refused at once as not an API server', async (t) => {
  const s = await serve(t, 'serving', () => ({ status: 200, body: Buffer.alloc(CLUSTER_INFO_MAX_BYTES * 2, 0x7b) }));
  const r = await join_(t, s.endpoint, await caPin());
  t.regex(r.stderr, new RegExp(`answered with more than ${CLUSTER_INFO_MAX_BYTES} bytes for the cluster-info ConfigMap`));
  t.is(s.seen.length, 1, 'not retried');
});

test.serial('a cluster-info signed for this token but carrying a CA that is not pinned: refused, naming its pin', async (t) => {
  const s = await serve(t, 'serving', (_n, url) => ({ data: signedData(clusterInfoText(url, pkiNow!.mitmCA.cert.pem)) }));
  const r = await join_(t, s.endpoint, await caPin());
  t.true(r.stderr.includes(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${hashCertificate(pkiNow!.mitmCA.cert.pem)}" are pinned`), r.stderr);
});
