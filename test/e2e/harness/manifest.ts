// Reads static pod manifests the way the kubelet stand-in needs them: one runnable unit per
// container, with its command line, environment and probes resolved to plain values.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export type ProbeAction =
  | { type: 'http'; scheme: 'HTTP' | 'HTTPS'; host: string; port: number; path: string; headers: Record<string, string> }
  | { type: 'tcp'; host: string; port: number }
  | { type: 'exec'; command: string[] };

export interface ProbeSpec {
  action: ProbeAction;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

export interface UnitSpec {
  /** Pod name for single-container pods (e.g. "kube-apiserver"), else "<pod>/<container>". */
  name: string;
  pod: string;
  container: string;
  file: string;
  /** Hash of the manifest file's content; a change means the unit must be restarted. */
  hash: string;
  argv: string[];
  env: Record<string, string>;
  workingDir?: string;
  probes: Partial<Record<ProbeKind, ProbeSpec>>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);

function resolvePort(port: unknown, container: Obj, where: string): number {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = arr(container['ports']).map(obj).find((p) => p['name'] === port);
  if (!named || typeof named['containerPort'] !== 'number') {
    throw new Error(`${where}: probe port ${String(port)} is not a number nor a named containerPort`);
  }
  return named['containerPort'];
}

function parseProbe(raw: unknown, container: Obj, podIP: string, where: string): ProbeSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  const p = obj(raw);
  let action: ProbeAction;
  if (p['httpGet']) {
    const h = obj(p['httpGet']);
    const headers: Record<string, string> = {};
    for (const e of arr(h['httpHeaders']).map(obj)) headers[str(e['name'])] = str(e['value']);
    action = {
      type: 'http',
      scheme: str(h['scheme'], 'HTTP').toUpperCase() === 'HTTPS' ? 'HTTPS' : 'HTTP',
      host: str(h['host']) || podIP,
      port: resolvePort(h['port'], container, where),
      path: str(h['path'], '/') || '/',
      headers,
    };
  } else if (p['tcpSocket']) {
    const t = obj(p['tcpSocket']);
    action = { type: 'tcp', host: str(t['host']) || podIP, port: resolvePort(t['port'], container, where) };
  } else if (p['exec']) {
    action = { type: 'exec', command: arr(obj(p['exec'])['command']).map((c) => String(c)) };
  } else {
    throw new Error(`${where}: unsupported probe ${JSON.stringify(raw)}`);
  }
  return {
    action,
    initialDelaySeconds: num(p['initialDelaySeconds'], 0),
    periodSeconds: num(p['periodSeconds'], 10),
    timeoutSeconds: num(p['timeoutSeconds'], 1),
    failureThreshold: num(p['failureThreshold'], 3),
    successThreshold: num(p['successThreshold'], 1),
  };
}

/** Parses one manifest file's text into units. `podIP` stands in for an empty probe host. */
export function parseManifest(text: string, file: string, podIP = '127.0.0.1'): UnitSpec[] {
  const hash = createHash('sha256').update(text).digest('hex');
  const pod = parseAllDocuments(text).map((d) => obj(d.toJS())).find((d) => d['kind'] === 'Pod');
  if (!pod) throw new Error(`${file}: no Pod in manifest`);
  const podName = str(obj(pod['metadata'])['name'], basename(file).replace(/\.ya?ml$/, ''));
  const containers = arr(obj(pod['spec'])['containers']).map(obj);
  return containers.map((c) => {
    const container = str(c['name'], 'main');
    const where = `${file} (${container})`;
    const argv = [...arr(c['command']), ...arr(c['args'])].map((a) => String(a));
    if (argv.length === 0) throw new Error(`${where}: no command (images have no entrypoint here)`);
    const env: Record<string, string> = {};
    for (const e of arr(c['env']).map(obj)) {
      if (typeof e['value'] === 'string') env[str(e['name'])] = e['value'];
    }
    const probes: Partial<Record<ProbeKind, ProbeSpec>> = {};
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const spec = parseProbe(c[`${kind}Probe`], c, podIP, where);
      if (spec) probes[kind] = spec;
    }
    const unit: UnitSpec = {
      name: containers.length === 1 ? podName : `${podName}/${container}`,
      pod: podName,
      container,
      file,
      hash,
      argv,
      env,
      probes,
    };
    if (typeof c['workingDir'] === 'string') unit.workingDir = c['workingDir'];
    return unit;
  });
}

/** Reads every *.yaml / *.yml manifest in `dir` (like the kubelet's staticPodPath). */
export async function readManifestDir(dir: string, podIP?: string): Promise<UnitSpec[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.')).sort();
  const units: UnitSpec[] = [];
  for (const f of files) {
    const path = join(dir, f);
    units.push(...parseManifest(await readFile(path, 'utf8'), path, podIP));
  }
  return units;
}
