/**
 * The one seam through which preflight reads the machine: files under /proc, /sys, /boot and the
 * kubernetes dirs, executables on PATH, commands (with timeouts), TCP ports, unix sockets, DNS,
 * HTTP(S) to external etcd, and process facts (uid, CPUs, memory, hostname, kernel release).
 * `realHost()` is the machine; tests build a fixture host from a directory tree plus fake command
 * results. Nothing here writes to disk.
 */
import { constants } from 'node:fs';
import { access, readFile, readdir, stat } from 'node:fs/promises';
import { availableParallelism, hostname, release, totalmem, type } from 'node:os';
import { delimiter, join } from 'node:path';
import { endpoint } from '../net/http.js';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** A command result, or `'missing'` when the executable is not on PATH. */
export type RunOutcome = CommandResult | 'missing';

export interface LookupResult {
  addresses: string[];
  /** Why the lookup failed, when it did. */
  error?: string;
}

export type HttpResult = { status: number; body: string } | { error: string };

export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export type PathKind = 'file' | 'dir' | 'other';

export interface HostProbe {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** File contents, `undefined` when it does not exist; other errors throw. */
  readFile(path: string): Promise<Buffer | undefined>;
  stat(path: string): Promise<PathKind | undefined>;
  /** Entry names of a directory, `undefined` when it does not exist. */
  readDir(path: string): Promise<string[] | undefined>;
  /** Full path of an executable found on PATH. */
  which(binary: string): Promise<string | undefined>;
  run(cmd: string, args: readonly string[], options: { timeoutMs: number }): Promise<RunOutcome>;
  /** True when a TCP listener could be opened on the port (all addresses unless `host` is given). */
  isPortFree(port: number, host?: string): Promise<boolean>;
  /** `true` when a unix socket accepts a connection, otherwise why not. */
  canConnect(socketPath: string, timeoutMs: number): Promise<true | string>;
  lookupHost(name: string, timeoutMs: number): Promise<LookupResult>;
  httpGet(url: string, tls: TlsFiles, timeoutMs: number): Promise<HttpResult>;
  uid(): number;
  cpuCount(): number;
  memTotalBytes(): number;
  hostname(): string;
  kernelRelease(): string;
  /** `uname -s`: Linux, Darwin, … */
  osName(): string;
}

const isNotFound = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** Search `PATH` (as given) for an executable regular file. */
async function searchPath(binary: string, pathVar: string | undefined, kindOf: (p: string) => Promise<PathKind | undefined>, executable: (p: string) => Promise<boolean>): Promise<string | undefined> {
  if (binary.includes('/')) return (await kindOf(binary)) === 'file' && (await executable(binary)) ? binary : undefined;
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if ((await kindOf(candidate)) === 'file' && (await executable(candidate))) return candidate;
  }
  return undefined;
}

async function kindOfPath(path: string): Promise<PathKind | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const withTimeout = <T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });

/** The machine this process runs on. */
export function realHost(env: Readonly<Record<string, string | undefined>> = process.env): HostProbe {
  const executable = (p: string): Promise<boolean> => access(p, constants.X_OK).then(() => true, () => false);
  const which = (binary: string): Promise<string | undefined> => searchPath(binary, env['PATH'], kindOfPath, executable);
  return {
    env,
    async readFile(path) {
      try {
        return await readFile(path);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    stat: kindOfPath,
    async readDir(path) {
      try {
        return await readdir(path);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    which,
    async run(cmd, args, { timeoutMs }) {
      const file = await which(cmd);
      if (!file) return 'missing';
      const { execa } = await import('execa');
      const r = await execa(file, [...args], { reject: false, timeout: timeoutMs, stdin: 'ignore', env: { ...env, LC_ALL: 'C' }, extendEnv: false });
      if (r.failed && r.exitCode === undefined && !r.timedOut && (r as { code?: string }).code === 'ENOENT') return 'missing';
      return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), timedOut: r.timedOut };
    },
    async isPortFree(port, host) {
      const { createServer } = await import('node:net');
      return new Promise<boolean>((resolve) => {
        const server = createServer();
        server.once('error', () => resolve(false));
        server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
      });
    },
    async canConnect(socketPath, timeoutMs) {
      const { createConnection } = await import('node:net');
      return new Promise<true | string>((resolve) => {
        const sock = createConnection({ path: socketPath });
        const timer = setTimeout(() => (sock.destroy(), resolve(`no answer within ${timeoutMs}ms`)), timeoutMs);
        sock.once('connect', () => (clearTimeout(timer), sock.destroy(), resolve(true)));
        sock.once('error', (e: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(e.code ?? e.message)));
      });
    },
    async lookupHost(name, timeoutMs) {
      const { lookup } = await import('node:dns/promises');
      const attempt = lookup(name, { all: true }).then(
        (addrs): LookupResult => ({ addresses: addrs.map((a) => a.address) }),
        (e: NodeJS.ErrnoException): LookupResult => ({ addresses: [], error: `lookup ${name}: ${e.code === 'ENOTFOUND' ? 'no such host' : (e.code ?? e.message)}` }),
      );
      return withTimeout(attempt, timeoutMs, () => ({ addresses: [], error: `lookup ${name}: no answer within ${timeoutMs}ms` }));
    },
    async httpGet(url, tls, timeoutMs) {
      const read = async (p?: string): Promise<Buffer | undefined> => (p ? readFile(p) : undefined);
      let options: { ca?: Buffer; cert?: Buffer; key?: Buffer };
      try {
        options = { ca: await read(tls.caFile), cert: await read(tls.certFile), key: await read(tls.keyFile) };
      } catch (e) {
        return { error: (e as Error).message };
      }
      const target = new URL(url);
      const ep = endpoint(`${target.protocol}//${target.host}`, options);
      try {
        const res = await ep.request('GET', target.pathname + target.search, { timeoutMs, headers: { Accept: '*/*' } });
        return { status: res.status, body: res.body };
      } catch (e) {
        return { error: (e as Error).message };
      } finally {
        ep.close();
      }
    },
    uid: () => process.getuid?.() ?? -1,
    cpuCount: () => availableParallelism(),
    memTotalBytes: () => totalmem(),
    hostname: () => hostname(),
    kernelRelease: () => release(),
    osName: () => type(),
  };
}
