/** Can a TLS server be reached at `host:port`, and which certificate does it present? (No verification.) */
import { connect } from 'node:tls';
import { isIP } from 'node:net';

export type TlsProbeResult = { reachable: true; certificate: Buffer | undefined } | { reachable: false; error: string };

export function probeTls(host: string, port: number, timeoutMs = 3_000): Promise<TlsProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) === 0 ? { servername: host } : {}) });
    const done = (r: TlsProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ reachable: false, error: `no TLS handshake within ${timeoutMs} ms` }), timeoutMs);
    socket.once('secureConnect', () => done({ reachable: true, certificate: socket.getPeerCertificate().raw }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ reachable: false, error: e.code ? `${e.code}: ${e.message}` : e.message }));
  });
}
