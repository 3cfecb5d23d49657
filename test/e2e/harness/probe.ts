// Probe actions the way the kubelet runs them: HTTP(S) GET (2xx/3xx = success, certificates not
// verified), TCP connect. Debian's etcd 3.4 serves /health but not /livez or /readyz, so an HTTP
// probe answered with 404 is retried once on /health.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';

export const FALLBACK_PATH = '/health';

export interface HttpProbeRequest {
  scheme: 'HTTP' | 'HTTPS';
  host: string;
  port: number;
  path: string;
  headers?: Record<string, string>;
}

export interface ProbeResult {
  ok: boolean;
  message: string;
  /** HTTP status of the answer that decided the result. */
  status?: number;
  /** Path that decided the result (FALLBACK_PATH after a 404 fallback). */
  path?: string;
}

function get(req: HttpProbeRequest, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = req.scheme === 'HTTPS' ? httpsRequest : httpRequest;
    const r = send(
      {
        host: req.host,
        port: req.port,
        path: req.path,
        method: 'GET',
        headers: { 'User-Agent': 'kube-probe/1.20', Accept: '*/*', ...req.headers },
        rejectUnauthorized: false,
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 1024) body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end();
  });
}

/** One HTTP(S) probe, with the 404 → /health fallback. */
export async function httpProbe(req: HttpProbeRequest, timeoutMs: number): Promise<ProbeResult> {
  const url = `${req.scheme.toLowerCase()}://${req.host}:${req.port}`;
  try {
    let path = req.path;
    let res = await get(req, timeoutMs);
    if (res.status === 404 && path !== FALLBACK_PATH) {
      path = FALLBACK_PATH;
      res = await get({ ...req, path }, timeoutMs);
    }
    const ok = res.status >= 200 && res.status < 400;
    return { ok, status: res.status, path, message: `GET ${url}${path}: ${res.status} ${res.body.trim().slice(0, 200)}` };
  } catch (err) {
    return { ok: false, path: req.path, message: `GET ${url}${req.path}: ${(err as Error).message}` };
  }
}

/** One TCP probe: success when a connection is accepted. */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean, message: string) => {
      s.destroy();
      resolve({ ok, message: `tcp ${host}:${port}: ${message}` });
    };
    s.on('connect', () => done(true, 'connected'));
    s.on('timeout', () => done(false, `timeout after ${timeoutMs} ms`));
    s.on('error', (err) => done(false, err.message));
  });
}
