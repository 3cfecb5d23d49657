import test from 'ava';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildContext, checkSkipPhasesFlag, skipPhaseProblem } from '../../../src/cli/build-context.js';
import { MinikubeadmError, ValidationError } from '../../../src/errors.js';

const HOST = { 'apiserver-advertise-address': '192.0.2.10', 'node-name': 'cp-1' };

test('--skip-phases names an unknown phase with the flag', (t) => {
  const err = t.throws(() => checkSkipPhasesFlag('init', ['addons/kube-proxy', 'nosuch']), { instanceOf: MinikubeadmError });
  t.is(err!.code, 'PHASE_UNKNOWN');
  t.is(err!.message, '--skip-phases: unknown phase "nosuch"');
  t.regex(err!.hint ?? '', /valid phases are: .*addons\/kube-proxy/);
});

test('--skip-phases accepts phases, sub-phases, aliases, /all and any case', (t) => {
  t.notThrows(() => checkSkipPhasesFlag('init', ['preflight', 'certs/etcd-ca', 'mark-control-plane', 'addons/all', 'Addons/Kube-Proxy', '']));
  t.is(skipPhaseProblem('upload-config/kubelet'), undefined);
  t.regex(skipPhaseProblem('uploadconfig') ?? '', /^unknown phase "uploadconfig": valid phases are: /);
});

test('buildContext refuses a bad -v, --skip-phases or directory flag before reading the config', async (t) => {
  const missing = '/nonexistent/cluster.yaml';
  const cases: [Record<string, unknown>, string][] = [
    [{ v: 'abc' }, '-v: "abc" is not a log level'],
    [{ 'skip-phases': ['nosuch'] }, '--skip-phases: unknown phase "nosuch"'],
    [{ 'kubernetes-dir': '/proc/k8s' }, '--kubernetes-dir: "/proc/k8s" is under /proc'],
    [{ 'kubelet-dir': '/sys/kubelet' }, '--kubelet-dir: "/sys/kubelet" is under /sys'],
  ];
  for (const [args, message] of cases) {
    const err = await t.throwsAsync(buildContext('init', { config: missing, ...args }), { instanceOf: MinikubeadmError });
    t.true(err!.message.startsWith(message), err!.message);
    t.not(err!.code, 'CONFIG_READ');
  }
});

test('an unknown phase in InitConfiguration.skipPhases is a config error with its line', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-ctx-'));
  const file = join(dir, 'cluster.yaml');
  await writeFile(file, 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nskipPhases:\n- addons/kube-proxy\n- nosuch\n');
  const err = await t.throwsAsync(buildContext('init', { config: file, 'kubernetes-dir': join(dir, 'k8s') }), { instanceOf: ValidationError });
  const issue = (err as ValidationError).issues.find((i) => i.path === 'InitConfiguration.skipPhases[1]');
  t.regex(issue?.message ?? '', /^unknown phase "nosuch": valid phases are: /);
  t.is(issue?.source, `${file}:5`);
  t.deepEqual(await readdir(dir), ['cluster.yaml']);
});

test('--apiserver-bind-port as typed reaches the error', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-ctx-'));
  const err = await t.throwsAsync(buildContext('init', { ...HOST, 'apiserver-bind-port': 'abc', 'kubernetes-dir': join(dir, 'k8s') }), { instanceOf: ValidationError });
  t.deepEqual((err as ValidationError).issues, [{ path: '--apiserver-bind-port', message: '"abc" is not a valid port: use 1–65535' }]);
});

test.serial('relative minikubeadm directories resolve to absolute paths; the context gets the verbosity', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-ctx-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const ctx = await buildContext('init', { ...HOST, v: '3', 'kubernetes-dir': './out', 'kubelet-dir': 'out/kubelet', 'skip-phases': ['addons'] });
    t.is(ctx.paths.kubernetesDir, join(dir, 'out'));
    t.is(ctx.paths.certificatesDir, join(dir, 'out', 'pki'));
    t.is(ctx.paths.kubeletDir, join(dir, 'out', 'kubelet'));
    t.is(ctx.config.cluster.certificatesDir, join(dir, 'out', 'pki'));
    t.is(ctx.log.verbosity, 3);
    t.deepEqual(await readdir(dir), []);
  } finally {
    process.chdir(cwd);
  }
});
