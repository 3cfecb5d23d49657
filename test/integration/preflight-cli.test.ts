/**
 * The real CLI on this machine (CI: root in a container without kubelet or CRI): the JSON report
 * parses, validates against the schema, lists every init check, and the exit code is 1 exactly
 * when an error is left; --ignore-preflight-errors works by name in any case and with `all`;
 * `init` stops at preflight on a failing host and writes nothing; with `all` it goes on.
 */
import test from 'ava';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initPhases } from '../../phases/init/index.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { PREFLIGHT_REPORT_SCHEMA } from '../../src/preflight/report-schema.js';
import type { PreflightReport } from '../../src/preflight/run.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const validate = new Ajv({ allErrors: true }).compile(PREFLIGHT_REPORT_SCHEMA);

async function dirs() {
  const root = await mkdtemp(join(tmpdir(), 'mka-cli-'));
  const k8s = join(root, 'kubernetes');
  const kubelet = join(root, 'kubelet');
  await mkdir(k8s);
  await mkdir(kubelet);
  return { root, k8s, kubelet, args: ['--kubernetes-dir', k8s, '--kubelet-dir', kubelet] };
}

const cli = (args: string[]) => execa(process.execPath, [CLI, ...args], { reject: false, timeout: 90_000 });

async function jsonRun(extra: string[] = []) {
  const d = await dirs();
  const r = await cli(['init', 'phase', 'preflight', ...d.args, '-o', 'json', ...extra]);
  return { r, report: JSON.parse(r.stdout) as PreflightReport, d };
}

test('init phase preflight -o json: a valid report of every init check; exit 1 exactly when an error is left', async (t) => {
  const { r, report, d } = await jsonRun();
  t.true(validate(report), JSON.stringify(validate.errors));
  const dashed = d.k8s.replaceAll('/', '-');
  const expected = [
    'IsPrivilegedUser', 'NumCPU', 'Mem', 'KubernetesVersion', 'Firewalld', 'Port-6443', 'Port-10259', 'Port-10257',
    `FileAvailable-${dashed}-manifests-kube-apiserver.yaml`, `FileAvailable-${dashed}-manifests-kube-controller-manager.yaml`,
    `FileAvailable-${dashed}-manifests-kube-scheduler.yaml`, `FileAvailable-${dashed}-manifests-etcd.yaml`,
    'HTTPProxy', 'HTTPProxyCIDR', 'CRI', 'Swap', 'FileExisting-mount', 'FileExisting-losetup', 'FileExisting-cp', 'SystemVerification', 'Hostname', 'KubeletVersion', 'Service-Kubelet', 'Port-10250',
    'Port-2379', 'Port-2380', `DirAvailable-${dashed}-etcd`,
  ];
  const names = report.checks.map((c) => c.name);
  for (const n of expected) t.true(names.includes(n), n);
  t.true(names.includes('FileContent--proc-sys-net-ipv4-ip_forward') || names.includes('FileContent--proc-sys-net-ipv6-conf-default-forwarding'));
  const left = report.checks.filter((c) => !c.passed && c.severity === 'error' && !c.ignored);
  t.is(report.passed, left.length === 0);
  t.is(r.exitCode, left.length === 0 ? 0 : 1);
  for (const c of report.checks.filter((x) => !x.passed)) t.truthy(c.hint, `${c.name} has a hint`);
  t.deepEqual(await readdir(d.k8s), [], 'preflight writes nothing');
});

async function busyPort(t: { teardown: (fn: () => Promise<void>) => void }): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as { port: number }).port;
}

/** Within one run: exactly the failed errors named (in any case) are ignored, and the exit code follows what is left. */
function assertIgnoredExactly(t: { is: (a: unknown, b: unknown, m?: string) => void }, r: { exitCode?: number }, report: PreflightReport, names: string[]) {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const c of report.checks) t.is(c.ignored, !c.passed && c.severity === 'error' && wanted.has(c.name.toLowerCase()), c.name);
  const left = report.checks.filter((c) => !c.passed && c.severity === 'error' && !c.ignored).length;
  t.is(report.passed, left === 0);
  t.is(r.exitCode, left === 0 ? 0 : 1);
}

test('--ignore-preflight-errors with a single name', async (t) => {
  const port = await busyPort(t);
  const { r, report } = await jsonRun(['--apiserver-bind-port', String(port), '--ignore-preflight-errors', `Port-${port}`]);
  t.like(report.checks.find((c) => c.name === `Port-${port}`), { passed: false, ignored: true });
  assertIgnoredExactly(t, r, report, [`Port-${port}`]);
});

test('--ignore-preflight-errors with mixed case, repeated and comma separated, including every error seen on this host', async (t) => {
  const port = await busyPort(t);
  const first = await jsonRun(['--apiserver-bind-port', String(port)]);
  const failing = first.report.checks.filter((c) => !c.passed && c.severity === 'error').map((c) => c.name);
  t.true(failing.includes(`Port-${port}`));
  const mixed = failing.map((n, i) => (i % 2 === 0 ? n.toLowerCase() : n.toUpperCase()));
  const [head, ...rest] = mixed;
  const args = ['--apiserver-bind-port', String(port), '--ignore-preflight-errors', head!, ...(rest.length ? ['--ignore-preflight-errors', rest.join(',')] : [])];
  const { r, report } = await jsonRun(args);
  t.deepEqual(report.unmatchedIgnores, []);
  assertIgnoredExactly(t, r, report, mixed);
  t.true(report.checks.find((c) => c.name === `Port-${port}`)!.ignored);
});

test('--ignore-preflight-errors all: every error becomes a [WARNING] line and the exit code is 0', async (t) => {
  const port = await busyPort(t);
  const d = await dirs();
  const r = await cli(['init', 'phase', 'preflight', ...d.args, '--apiserver-bind-port', String(port), '--ignore-preflight-errors', 'all']);
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /^\[preflight\] Running pre-flight checks$/m);
  t.notRegex(r.stderr, /\[ERROR /);
  t.regex(r.stderr, new RegExp(`\\t\\[WARNING Port-${port}\\]: Port ${port} is in use\\n\\t    hint: `));
  const json = await jsonRun(['--apiserver-bind-port', String(port), '--ignore-preflight-errors', 'ALL']);
  t.true(json.report.passed);
  t.is(json.r.exitCode, 0);
  for (const c of json.report.checks.filter((x) => !x.passed && x.severity === 'error')) t.true(c.ignored, c.name);
});

test('init on a host that fails preflight stops there and writes nothing', async (t) => {
  const port = await busyPort(t);
  const d = await dirs();
  const r = await cli(['init', ...d.args, '--apiserver-bind-port', String(port)]);
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^error execution phase preflight: \[preflight\] Some fatal errors occurred:$/m);
  t.regex(r.stderr, new RegExp(`\\t\\[ERROR Port-${port}\\]: Port ${port} is in use\\n\\t    hint: `));
  t.regex(r.stderr, /^To fix: fix the errors above, or make them non-fatal with --ignore-preflight-errors=.*Port-/m);
  t.deepEqual(await readdir(d.k8s), []);
  t.deepEqual(await readdir(d.kubelet), []);
});

test('init --ignore-preflight-errors all goes past preflight', async (t) => {
  const d = await dirs();
  const after = initPhases.find((p) => p.name !== 'preflight' && !p.name.startsWith('wait'))!;
  const skip = initPhases.filter((p) => p.name !== 'preflight' && p !== after).map((p) => p.name);
  const r = await cli(['init', ...d.args, '--ignore-preflight-errors', 'all', '--skip-phases', skip.join(',')]);
  t.notRegex(r.stderr, /error execution phase preflight/);
  t.regex(r.stdout, /\[preflight\] Running pre-flight checks/);
  t.regex(r.stdout, new RegExp(`^\\[${after.logPrefix ?? after.name}\\] `, 'm'), `the next phase (${after.name}) ran`);
});
