/**
 * Benchmark of the installed CLI (the bundle, dist/bundle/minikubeadm.js) on the offline half of
 * `init`, against baselines measured in the same run: bare `node -e 0`, and kubeadm v1.20.2's own
 * commands on the same config when its binary is cached (MINIKUBEADM_CACHE's e2e build, or
 * KUBEADM=path; kubeadm writes under --rootfs, which needs root). For each row: the median wall
 * time over N runs (default 7, at least 7), the median CPU time and the peak memory (from
 * /usr/bin/time when installed), then every target of the start-up issue with its ratio.
 * Usage: npm run bench [-- --runs 9 --json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'bundle', 'minikubeadm.js');
const OFFLINE = ['certs', 'kubeconfig', 'etcd', 'control-plane'];
const ONLINE = ['preflight', 'kubelet-start', 'wait-kubelet', 'upload-config', 'upload-certs', 'mark-master', 'bootstrap-token', 'kubelet-finalize', 'addons', 'show-join-command'];
const TIME = '/usr/bin/time';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const runs = Math.max(7, Number(arg('runs', '7')) || 7);
const withTime = existsSync(TIME);

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMB: number;
}

function config(dir: string, algorithm: string): string {
  const file = join(dir, `bench-${algorithm}.yaml`);
  writeFileSync(
    file,
    [
      'apiVersion: kubeadm.k8s.io/v1beta4',
      'kind: InitConfiguration',
      'localAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}',
      'nodeRegistration: {name: bench-node}',
      '---',
      'apiVersion: kubeadm.k8s.io/v1beta4',
      'kind: ClusterConfiguration',
      `encryptionAlgorithm: ${algorithm}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Run one command; wall time from here, CPU time and peak RSS from /usr/bin/time when present. */
function run(cmd: string, args: string[]): Sample {
  const argv = withTime ? [TIME, '-f', '@@%U %S %M', cmd, ...args] : [cmd, ...args];
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /@@([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr ?? '');
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN, rssMB: m ? Number(m[3]) / 1024 : Number.NaN };
}

/** Several commands in a row count as one sample: times add up, memory is the largest. */
function series(samples: Sample[]): Sample {
  return samples.reduce((a, s) => ({ wallMs: a.wallMs + s.wallMs, cpuMs: a.cpuMs + s.cpuMs, rssMB: Math.max(a.rssMB, s.rssMB) }), { wallMs: 0, cpuMs: 0, rssMB: 0 });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  name: string;
  wallMs: number;
  cpuMs: number;
  rssMB: number;
}

/** Medians of `fn` over the runs, each in a fresh temp dir (prepared by `setup`, not timed). */
function measure(name: string, fn: (dir: string) => Sample, setup?: (dir: string) => void): Row {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'mka-bench-'));
    try {
      setup?.(dir);
      samples.push(fn(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { name, wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), rssMB: Math.max(...samples.map((s) => s.rssMB)) };
}

const ours = (dir: string, algorithm: string, ...args: string[]): Sample =>
  run(process.execPath, [CLI, ...args, '--config', config(dir, algorithm), '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet')]);
const oneProcess = (algorithm: string) => (dir: string) => ours(dir, algorithm, 'init', '--skip-phases', ONLINE.join(','));
const fourCommands = (algorithm: string) => (dir: string) => series(OFFLINE.map((phase) => ours(dir, algorithm, 'init', 'phase', phase)));

function kubeadmBinary(): string | undefined {
  const cache = process.env['MINIKUBEADM_CACHE'] ?? join(homedir(), '.cache', 'minikubeadm');
  const candidates = [process.env['KUBEADM'], join(cache, 'kubernetes-v1.20.2', 'bin', 'kubeadm')];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/** kubeadm's config for the same cluster (v1beta2: v1.20 has no encryptionAlgorithm, its keys are RSA-2048), inside its --rootfs. */
function kubeadmSetup(dir: string): void {
  mkdirSync(join(dir, 'etc'), { recursive: true });
  writeFileSync(
    join(dir, 'kubeadm.yaml'),
    'apiVersion: kubeadm.k8s.io/v1beta2\nkind: InitConfiguration\nlocalAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}\nnodeRegistration: {name: bench-node}\n---\napiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\nkubernetesVersion: v1.20.2\n',
  );
}
const KUBEADM_PHASES = [['certs', 'all'], ['kubeconfig', 'all'], ['etcd', 'local'], ['control-plane', 'all']];
const kubeadmPhase = (bin: string, dir: string, phase: string[]): Sample => run(bin, ['init', 'phase', ...phase, '--rootfs', dir, '--config', '/kubeadm.yaml']);

const rows: Record<string, Row> = {};
const add = (key: string, row: Row): void => void (rows[key] = row);

add('node', measure('baseline: node -e 0 (bare start-up)', () => run(process.execPath, ['-e', '0'])));
add('help', measure('minikubeadm --help', () => run(process.execPath, [CLI, '--help'])));
add('version', measure('minikubeadm version', () => run(process.execPath, [CLI, 'version'])));
add('etcd', measure('minikubeadm init phase etcd local', (dir) => ours(dir, 'RSA-2048', 'init', 'phase', 'etcd', 'local')));
for (const phase of OFFLINE) add(`phase-${phase}`, measure(`minikubeadm init phase ${phase} (after the phases before it, RSA-2048)`, (dir) => ours(dir, 'RSA-2048', 'init', 'phase', phase), (dir) => {
  for (const before of OFFLINE.slice(0, OFFLINE.indexOf(phase))) ours(dir, 'RSA-2048', 'init', 'phase', before);
}));
add('four-rsa', measure('four offline phases, four commands (RSA-2048)', fourCommands('RSA-2048')));
add('one-rsa', measure('four offline phases, one process (RSA-2048)', oneProcess('RSA-2048')));
add('four-ec', measure('four offline phases, four commands (ECDSA-P256)', fourCommands('ECDSA-P256')));
add('one-ec', measure('four offline phases, one process (ECDSA-P256)', oneProcess('ECDSA-P256')));
add('one-p384', measure('four offline phases, one process (ECDSA-P384)', oneProcess('ECDSA-P384')));
const kubeadm = process.getuid?.() === 0 ? kubeadmBinary() : undefined;
if (kubeadm) {
  add('kubeadm-four', measure('baseline: kubeadm v1.20.2, the four phases as four commands (RSA-2048)', (dir) => series(KUBEADM_PHASES.map((p) => kubeadmPhase(kubeadm, dir, p))), kubeadmSetup));
  add('kubeadm-etcd', measure('baseline: kubeadm v1.20.2 init phase etcd local', (dir) => kubeadmPhase(kubeadm, dir, ['etcd', 'local']), kubeadmSetup));
}

interface Target {
  name: string;
  value: number;
  limit: number;
  unit: 'x' | 'ms' | 'MB';
}
const ratio = (a: string, b: string): number => (rows[a] && rows[b] ? rows[a].wallMs / rows[b].wallMs : Number.NaN);
const targets: Target[] = [
  { name: 'four offline phases as four commands vs kubeadm four commands', value: ratio('four-rsa', 'kubeadm-four'), limit: 0.5, unit: 'x' },
  { name: 'all four in one process (RSA-2048) vs kubeadm four commands', value: ratio('one-rsa', 'kubeadm-four'), limit: 0.3, unit: 'x' },
  { name: 'all four in one process (ECDSA-P256)', value: rows['one-ec']!.wallMs, limit: 250, unit: 'ms' },
  { name: 'init phase etcd local vs kubeadm init phase etcd local', value: ratio('etcd', 'kubeadm-etcd'), limit: 1.5, unit: 'x' },
  { name: '--help vs node -e 0', value: ratio('help', 'node'), limit: 1.5, unit: 'x' },
  { name: 'peak memory of every offline command', value: Math.max(...['help', 'version', 'etcd', 'one-rsa', 'one-ec', 'one-p384', ...OFFLINE.map((p) => `phase-${p}`)].map((k) => rows[k]!.rssMB)), limit: 100, unit: 'MB' },
];
const twoNodes = 2 * rows['node']!.wallMs;

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ runs, cores: availableParallelism(), rows, targets, twoNodeStartsMs: twoNodes }, null, 2)}\n`);
} else {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const fmt = (v: number, digits = 0): string => (Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
  const lines = [
    `medians over ${runs} runs; node ${process.version}; ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}); load average ${load}`,
    `${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)} ${'peak MB'.padStart(8)}`,
    ...Object.values(rows).map((r) => `${fmt(r.wallMs).padStart(8)} ${fmt(r.cpuMs).padStart(8)} ${fmt(r.rssMB, 1).padStart(8)}  ${r.name}`),
    ...(kubeadm ? [] : ['     n/a  baseline: kubeadm v1.20.2 (needs root and the cached e2e build, or KUBEADM=path)']),
    '',
    'targets:',
    ...targets.map((t) => {
      const shown = t.unit === 'x' ? `${fmt(t.value, 2)}x` : `${fmt(t.value, t.unit === 'MB' ? 1 : 0)} ${t.unit}`;
      const verdict = Number.isNaN(t.value) ? 'not measured' : t.value <= t.limit ? 'met' : 'MISSED';
      return `  ${verdict.padEnd(12)} ${shown.padStart(9)} (at most ${t.limit}${t.unit === 'x' ? 'x' : ` ${t.unit}`})  ${t.name}`;
    }),
    `  ECDSA-P256 offline init in one process: ${fmt(rows['one-ec']!.wallMs)} ms against two bare node start-ups ${fmt(twoNodes)} ms (${rows['one-ec']!.wallMs < twoNodes ? 'under' : 'over'})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
