/**
 * Benchmark of the offline half of `init`: median wall time over N runs (default 7) of
 *   - the four offline phases (certs, kubeconfig, etcd, control-plane) in one process,
 *   - the same four as separate `init phase` commands,
 *   - `minikubeadm --help` start-up,
 * against baselines measured in the same run: bare `node` start-up, and kubeadm's own offline
 * phases when a kubeadm binary is available (MINIKUBEADM_CACHE's e2e build or KUBEADM=path).
 * Usage: npm run bench [-- --runs 9 --algorithm RSA-4096]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const OFFLINE = ['certs', 'kubeconfig', 'etcd', 'control-plane'];
const ONLINE = ['preflight', 'kubelet-start', 'wait-kubelet', 'upload-config', 'upload-certs', 'mark-master', 'bootstrap-token', 'kubelet-finalize', 'addons', 'show-join-command'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const runs = Math.max(5, Number(arg('runs', '7')));
const algorithm = arg('algorithm', 'RSA-2048');

function configFile(dir: string): string {
  const file = join(dir, 'bench.yaml');
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

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** Median milliseconds of `fn` over `runs` runs, each in a fresh temp dir. */
function median(fn: (dir: string) => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'mka-bench-'));
    try {
      const start = process.hrtime.bigint();
      fn(dir);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const common = (dir: string): string[] => ['--config', configFile(dir), '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet')];

function kubeadmBinary(): string | undefined {
  const cache = process.env['MINIKUBEADM_CACHE'] ?? join(homedir(), '.cache', 'minikubeadm');
  const candidates = [process.env['KUBEADM'], join(cache, 'kubernetes-v1.20.2', 'bin', 'kubeadm')];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function kubeadmOffline(bin: string, dir: string): void {
  const cfg = join(dir, 'kubeadm.yaml');
  writeFileSync(
    cfg,
    'apiVersion: kubeadm.k8s.io/v1beta2\nkind: InitConfiguration\nlocalAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}\nnodeRegistration: {name: bench-node}\n---\napiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\nkubernetesVersion: v1.20.2\n' +
      `certificatesDir: ${join(dir, 'k', 'pki')}\n`,
  );
  // kubeadm can only write manifests under /etc/kubernetes/manifests, so the comparable part is certs + kubeconfig.
  run(bin, ['init', 'phase', 'certs', 'all', '--config', cfg]);
  run(bin, ['init', 'phase', 'kubeconfig', 'all', '--config', cfg, '--kubeconfig-dir', join(dir, 'k')]);
}

execFileSync('node', ['--version']);
const rows: [string, number][] = [];
rows.push(['baseline: node -e "" (bare start-up)', median(() => run('node', ['-e', '']))]);
rows.push(['minikubeadm --help', median(() => run('node', [CLI, '--help']))]);
rows.push([
  `four offline phases, one process (${algorithm})`,
  median((dir) => run('node', [CLI, 'init', ...common(dir), '--skip-phases', ONLINE.join(',')])),
]);
rows.push([
  `four offline phases, separate commands (${algorithm})`,
  median((dir) => {
    for (const phase of OFFLINE) run('node', [CLI, 'init', 'phase', phase, ...common(dir)]);
  }),
]);
rows.push([
  `certs + kubeconfig, two commands (${algorithm})`,
  median((dir) => {
    for (const phase of ['certs', 'kubeconfig']) run('node', [CLI, 'init', 'phase', phase, ...common(dir)]);
  }),
]);
const kubeadm = kubeadmBinary();
if (kubeadm) rows.push(['baseline: kubeadm v1.20.2 certs + kubeconfig, two commands (RSA-2048)', median((dir) => kubeadmOffline(kubeadm, dir))]);
else rows.push(['baseline: kubeadm (not available: set KUBEADM=path)', Number.NaN]);

console.log(`median wall time over ${runs} runs (node ${process.version})`);
for (const [name, ms] of rows) console.log(`  ${Number.isNaN(ms) ? '     n/a' : `${ms.toFixed(0).padStart(6)} ms`}  ${name}`);
