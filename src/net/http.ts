/**
 * One HTTP(S) request with a deadline, over node:http(s). Used by the API client (credentials from
 * a kubeconfig) and by the health checks (a CA, or no verification for self-signed serving certs).
 */
import { createRequire } from 'node:module';

type Http = typeof import('node:http');
type Https = typeof import('node:https');
let transports: { http: Http; https: Https } | undefined;
/** node:http(s) load only when a command makes its first endpoint: they cost every other command start-up time. */
function load(): { http: Http; https: Https } {
  const require = createRequire(import.meta.url);
  return (transports ??= { http: require('node:http') as Http, https: require('node:https') as Https });
}

export interface TlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Skip server certificate verification (the components' self-signed serving certs). */
  insecure?: boolean;
}

export interface HttpResponse {
  status: number;
  body: string;
  contentType: string;
  /** The server's certificate (DER), on HTTPS. */
  peerCertificate?: Buffer;
}

/** Raised for failures below HTTP (refused, reset, TLS, timeout); `code` is Node's error code. */
export class TransportError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
  }
}

export interface Endpoint {
  /** Base URL, e.g. `https://10.0.0.1:6443`. */
  readonly base: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** Drop idle connections. */
  close(): void;
}

export interface RequestOptions {
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** A larger response body is refused (ETOOBIG) instead of being read on. */
  maxBytes?: number;
}

export function endpoint(base: string, tls: TlsOptions = {}, headers: Record<string, string> = {}): Endpoint {
  const url = new URL(base);
  const secure = url.protocol === 'https:';
  // keepAlive agents unref idle sockets, so they never hold the process open.
  const { http, https } = load();
  const agent = secure
    ? new https.Agent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !tls.insecure })
    : new http.Agent({ keepAlive: true });
  const trimmed = base.replace(/\/+$/, '');
  return {
    base: trimmed,
    close: () => agent.destroy(),
    request(method, path, options = {}) {
      const target = new URL(trimmed + path);
      return new Promise<HttpResponse>((resolve, reject) => {
        const send = secure ? https.request : http.request;
        // Why we cut the exchange short, when we did: reported instead of the socket's own error.
        let cut: TransportError | undefined;
        const fail = (e: unknown): void => reject(cut ?? transport(e));
        const abort = (why: TransportError): void => {
          cut ??= why;
          req.destroy(why);
        };
        const req = send(
          target,
          {
            method,
            agent,
            headers: {
              Accept: 'application/json',
              'User-Agent': 'minikubeadm',
              ...headers,
              ...options.headers,
              ...(options.body === undefined
                ? {}
                : { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(options.body) }),
            },
            timeout: options.timeoutMs ?? 10_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const socket = res.socket as { getPeerCertificate?: () => { raw?: Buffer } };
            const peer = socket.getPeerCertificate?.().raw;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (options.maxBytes !== undefined && size > options.maxBytes) {
                abort(new TransportError(`the answer is larger than ${options.maxBytes} bytes`, 'ETOOBIG'));
                return;
              }
              chunks.push(c);
            });
            res.on('error', fail);
            res.on('aborted', () => fail(new TransportError('the connection was closed before the whole answer arrived', 'ECONNRESET')));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
                contentType: String(res.headers['content-type'] ?? ''),
                ...(peer ? { peerCertificate: peer } : {}),
              }),
            );
          },
        );
        // A deadline for the whole exchange, so a server that trickles its answer cannot hold us.
        const timeoutMs = options.timeoutMs ?? 10_000;
        const late = (): void => abort(new TransportError(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT'));
        const deadline = setTimeout(late, timeoutMs);
        deadline.unref();
        req.on('close', () => clearTimeout(deadline));
        req.on('timeout', late);
        req.on('error', fail);
        if (options.body !== undefined) req.write(options.body);
        req.end();
      });
    },
  };
}

function transport(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const err = e as NodeJS.ErrnoException;
  return new TransportError(err.message ?? String(e), err.code ?? 'EUNKNOWN');
}
