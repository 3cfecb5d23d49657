/**
 * Helpers for join discovery tests: a cluster CA with serving certificates (with and without the
 * 127.0.0.1 SAN), an unrelated "MITM" CA with its own serving certificate, and a real HTTPS server
 * on 127.0.0.1 that answers GET kube-public/cluster-info as a scripted API server would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { clusterInfoKubeconfig } from '../../src/kubeconfig/cluster-info.js';
import { type Issued, createSelfSignedCA, createSignedCertificate } from '../../src/pki/issue.js';
import { generateKey, keySpecFor } from '../../src/pki/keys.js';
import { JWS_SIGNATURE_KEY_PREFIX, computeDetachedSignature } from '../../src/token/jws.js';

export const TOKEN_ID = 'abcdef';
export const TOKEN_SECRET = '0123456789abcdef';
export const TOKEN = `${TOKEN_ID}.${TOKEN_SECRET}`;

export interface DiscoveryPki {
  /** The cluster CA (`kubernetes`). */
  ca: Issued;
  /** kube-apiserver's certificate: DNS kubernetes, IP 10.96.0.1 and 127.0.0.1. */
  serving: Issued;
  /** Signed by the cluster CA but not valid for 127.0.0.1 (DNS kubernetes, IP 10.96.0.1). */
  noLoopback: Issued;
  /** Another CA, also named `kubernetes`. */
  mitmCA: Issued;
  /** Signed by the MITM CA, with the same SANs as `serving`. */
  mitm: Issued;
}

let pki: Promise<DiscoveryPki> | undefined;

/** The PKI, made once per test file (RSA keys are slow). */
export function discoveryPki(): Promise<DiscoveryPki> {
  pki ??= (async () => {
    const spec = keySpecFor('RSA-2048');
    const [caKeys, servingKeys, noLoopbackKeys, mitmCAKeys, mitmKeys] = await Promise.all([1, 2, 3, 4, 5].map(() => generateKey(spec)));
    const now = Date.now();
    const validity = { notBefore: new Date(Math.floor((now - 3_600_000) / 1000) * 1000), notAfter: new Date(Math.floor((now + 86_400_000) / 1000) * 1000) };
    const ca = await createSelfSignedCA({ commonName: 'kubernetes' }, caKeys!, validity);
    const mitmCA = await createSelfSignedCA({ commonName: 'kubernetes' }, mitmCAKeys!, validity);
    const apiserver = { commonName: 'kube-apiserver', usages: ['serverAuth'] as const, dnsNames: ['kubernetes'] };
    return {
      ca,
      mitmCA,
      serving: await createSignedCertificate(ca, { ...apiserver, ips: ['10.96.0.1', '127.0.0.1'] }, servingKeys!, validity),
      noLoopback: await createSignedCertificate(ca, { ...apiserver, ips: ['10.96.0.1'] }, noLoopbackKeys!, validity),
      mitm: await createSignedCertificate(mitmCA, { ...apiserver, ips: ['10.96.0.1', '127.0.0.1'] }, mitmKeys!, validity),
    };
  })();
  return pki;
}

/** cluster-info's kubeconfig for `server` and the CA PEM. */
export const clusterInfoText = (server: string, caPem: string): string => clusterInfoKubeconfig({ server, caPem });

/** ConfigMap data: the kubeconfig and its JWS for each `[id, secret]`. */
export function signedData(kubeconfig: string, tokens: readonly (readonly [string, string])[] = [[TOKEN_ID, TOKEN_SECRET]]): Record<string, string> {
  const data: Record<string, string> = { kubeconfig };
  for (const [id, secret] of tokens) data[`${JWS_SIGNATURE_KEY_PREFIX}${id}`] = computeDetachedSignature(kubeconfig, id, secret);
  return data;
}

/** What the server does for one request: a ConfigMap with `data`, any status and body, or no answer. */
export type Answer = { data: Record<string, string> } | { status: number; body: string | Buffer; contentType?: string } | 'hang';

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface ClusterInfoServer {
  /** `127.0.0.1:<port>`, as typed on a join command line. */
  endpoint: string;
  /** `https://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Every request the server received, in order. */
  seen: SeenRequest[];
  /** TCP connections accepted, including those whose TLS handshake the client then refused. */
  connections(): number;
  close(): Promise<void>;
}

const notFound: Answer = { status: 404, body: '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}' };

/** The ConfigMap as the API server serialises it. */
export const configMapJson = (data: Record<string, string>): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-info', namespace: 'kube-public' }, data });

/**
 * An HTTPS server presenting `cert` that answers request n (1-based, counting every path) with
 * `answer(n, req)`; `undefined` is a 404 Status.
 */
export async function clusterInfoServer(cert: Issued, answer: (n: number, req: IncomingMessage) => Answer | undefined): Promise<ClusterInfoServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer({ cert: cert.cert.pem, key: cert.keyPem }, (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const a = answer(seen.length, req) ?? notFound;
    if (a === 'hang') return;
    if ('data' in a) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(configMapJson(a.data));
      return;
    }
    res.writeHead(a.status, { 'Content-Type': a.contentType ?? 'application/json' }).end(a.body);
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    connections: () => connections,
    endpoint: `127.0.0.1:${port}`,
    url: `https://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound once, then released). */
export async function deadPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A JoinConfiguration (v1beta4) with token discovery of `endpoint`, pinned to `pin`, for node `nodeName`. */
export function joinConfigText(o: { endpoint: string; token: string; pin: string; discoveryTimeout: string; nodeName?: string }): string {
  return [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: JoinConfiguration',
    'discovery:',
    '  bootstrapToken:',
    `    apiServerEndpoint: "${o.endpoint}"`,
    `    token: ${o.token}`,
    `    caCertHashes: ["${o.pin}"]`,
    `nodeRegistration: {name: ${o.nodeName ?? 'w1'}}`,
    `timeouts: {discovery: ${o.discoveryTimeout}}`,
    '',
  ].join('\n');
}
