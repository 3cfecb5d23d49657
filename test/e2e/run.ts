/**
 * Entry of the end-to-end suite (`npm test`, `npm run test:e2e`). The suite needs root (namespaces,
 * cgroups), the Debian packages test/e2e/provision/provision.sh installs (containerd, runc, the CNI
 * plugins, iptables, …) and the binaries it builds or fetches. Where they are missing it says so and
 * skips — except in CI (CI set), where that is a failure. Before the suite it sweeps what dead runs
 * left and records the machine's own kubelet/CNI/containerd directories; after it, one last test
 * file checks that nothing of the suite remains and those directories did not change.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingKubernetesBinaries } from './harness/paths.js';
import { hostPathStates } from './nodes/leftovers.js';
import { sweepDeadRuns } from './nodes/run.js';
import { currentKubeletSysctls } from './nodes/sysctls.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..', '..');
const LAST = 'after-suite.e2e.test.js';
const HOST_STATE_ENV = 'MINIKUBEADM_E2E_HOST_STATE';
const TOOLS = ['ip', 'etcd', 'etcdctl', 'kubectl', 'openssl', 'containerd', 'containerd-shim-runc-v2', 'runc', 'ctr', 'iptables', 'nsenter', 'unshare', 'setsid', 'flock', 'curl', 'tar'];

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'it needs root (it creates namespaces and cgroups)';
  for (const tool of TOOLS) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (run test/e2e/provision/provision.sh)`;
  }
  for (const plugin of ['bridge', 'host-local', 'loopback']) {
    try {
      accessSync(`/usr/lib/cni/${plugin}`, constants.X_OK);
    } catch {
      return `the CNI plugin /usr/lib/cni/${plugin} is not installed (containernetworking-plugins)`;
    }
  }
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) return `the binaries ${missing.join(', ')} are not built yet (run test/e2e/provision/provision.sh)`;
  return undefined;
}

const reason = unavailable();
if (reason) {
  const ci = Boolean(process.env['CI']);
  process.stdout.write(`end-to-end suite ${ci ? 'cannot run' : 'skipped'}: ${reason}\n`);
  process.exit(ci ? 1 : 0);
}

const swept = sweepDeadRuns();
if (swept.runs.length + swept.netns.length + swept.cgroups.length > 0) process.stdout.write(`swept leftovers of dead runs: ${JSON.stringify(swept)}\n`);

const stateDir = mkdtempSync(join(tmpdir(), 'minikubeadm-e2e-state-'));
const stateFile = join(stateDir, 'before.json');
writeFileSync(stateFile, JSON.stringify({ paths: hostPathStates(), sysctls: currentKubeletSysctls() }));

const ava = join(ROOT, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const suite = files.length > 0 ? files : readdirSync(HERE).filter((f) => f.endsWith('.e2e.test.js') && f !== LAST).map((f) => join('dist', 'test', 'e2e', f));
const env = { ...process.env, [HOST_STATE_ENV]: stateFile };
const avaRun = (which: string[]) => spawnSync(process.execPath, [ava, '--config', 'ava.e2e.config.js', ...flags, ...which], { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;

const started = Date.now();
const main = avaRun(suite);
const last = avaRun([join('dist', 'test', 'e2e', LAST)]);
rmSync(stateDir, { recursive: true, force: true });
process.stdout.write(`end-to-end suite finished in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(main !== 0 ? main : last);
