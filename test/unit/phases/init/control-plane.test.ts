import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { parse } from 'yaml';
import { initPhases } from '../../../../phases/init/index.js';
import type { Config } from '../../../../src/config/types.js';
import { apiServerPod } from '../../../../src/manifests/kube-apiserver.js';
import { controllerManagerPod } from '../../../../src/manifests/kube-controller-manager.js';
import { schedulerPod } from '../../../../src/manifests/kube-scheduler.js';
import { initManifestInputs } from '../../../../src/manifests/render.js';
import type { RunContext } from '../../../../src/workflow/context.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { type DeepPartial, testContext } from '../../../helpers/config.js';
import { HOSTILE_VALUES } from '../../render/corpus.js';

const run = promisify(execFile);
const FILES = ['kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml'];

const withTemplates = (ctx: RunContext, userTemplatesDir: string): RunContext => ({ ...ctx, paths: { ...ctx.paths, userTemplatesDir } });

async function userTemplate(name: string, edit: (source: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-user-tpl-'));
  const source = await readFile(join(process.cwd(), 'templates', 'static-pod.yaml.hbs'), 'utf8');
  await writeFile(join(dir, name), edit(source));
  return dir;
}

/** The manifest as the kubelet's Go YAML decoder reads it (kubectl, offline). */
async function goRead(path: string): Promise<any> {
  const { stdout } = await run('kubectl', ['label', '--local', '-f', path, 'checked=true', '-o', 'json'], { env: { ...process.env, KUBECONFIG: '/dev/null' } });
  const obj = JSON.parse(stdout);
  delete obj.metadata.labels.checked;
  return obj;
}

test('writes the three manifests (0600 in a 0700 dir) with kubeadm\'s log lines', async (t) => {
  const { ctx, paths, out } = await testContext({ cluster: { networking: { podSubnet: '10.244.0.0/16' } } });
  await runPhases(initPhases, ctx, { only: 'control-plane' });
  t.is(
    out(),
    [
      `[control-plane] Using manifest folder "${paths.manifestsDir}"`,
      '[control-plane] Creating static Pod manifest for "kube-apiserver"',
      '[control-plane] Creating static Pod manifest for "kube-controller-manager"',
      '[control-plane] Creating static Pod manifest for "kube-scheduler"',
      '',
    ].join('\n'),
  );
  t.deepEqual((await readdir(paths.manifestsDir)).sort(), FILES);
  t.is((await stat(paths.manifestsDir)).mode & 0o777, 0o700);
  const inputs = await initManifestInputs(ctx.config, ctx.paths, { exists: (p) => ctx.fs.exists(p), env: ctx.host.env });
  const expected: Record<string, ReturnType<typeof apiServerPod>> = {
    'kube-apiserver.yaml': apiServerPod(inputs),
    'kube-controller-manager.yaml': controllerManagerPod(inputs),
    'kube-scheduler.yaml': schedulerPod(inputs),
  };
  for (const file of FILES) {
    const path = join(paths.manifestsDir, file);
    t.is((await stat(path)).mode & 0o777, 0o600, file);
    const pod = parse(await readFile(path, 'utf8'));
    const want = expected[file]!.pod;
    t.is(pod.kind, 'Pod');
    t.is(pod.metadata.name, want.name);
    t.is(pod.metadata.namespace, 'kube-system');
    t.deepEqual(pod.metadata.labels, { component: want.name, tier: 'control-plane' });
    t.deepEqual(pod.spec.containers[0].command, want.command);
    t.is(pod.spec.containers[0].image, want.image);
    t.is(pod.spec.priority, 2000001000);
    t.is(pod.spec.priorityClassName, 'system-node-critical');
    t.true(pod.spec.hostNetwork);
    t.deepEqual(pod.spec.securityContext, { seccompProfile: { type: 'RuntimeDefault' } });
    t.deepEqual(pod.spec.volumes.map((v: any) => v.name), want.volumes.map((v) => v.name));
    t.deepEqual(pod.spec.containers[0].volumeMounts.map((v: any) => v.name), want.volumeMounts.map((v) => v.name));
    // Go's decoder reads exactly what the YAML parser read.
    t.deepEqual(await goRead(path), pod, file);
  }
  const api = parse(await readFile(join(paths.manifestsDir, 'kube-apiserver.yaml'), 'utf8'));
  t.deepEqual(api.metadata.annotations, { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': '192.0.2.10:6443' });
  t.is(api.spec.containers[0].startupProbe.failureThreshold, 24);
  t.false('initialDelaySeconds' in api.spec.containers[0].readinessProbe);
  const cm = parse(await readFile(join(paths.manifestsDir, 'kube-controller-manager.yaml'), 'utf8'));
  t.true(cm.spec.containers[0].command.includes('--cluster-cidr=10.244.0.0/16'));
  t.false('annotations' in cm.metadata);
  t.false('readinessProbe' in cm.spec.containers[0]);
});

test('a single sub-phase writes only its manifest and still names the folder', async (t) => {
  const { ctx, paths, out } = await testContext();
  await runPhases(initPhases, ctx, { only: 'control-plane/scheduler' });
  t.deepEqual(await readdir(paths.manifestsDir), ['kube-scheduler.yaml']);
  t.is(out(), `[control-plane] Using manifest folder "${paths.manifestsDir}"\n[control-plane] Creating static Pod manifest for "kube-scheduler"\n`);
});

test('re-running changes no byte and does not rewrite the files', async (t) => {
  const { ctx, paths } = await testContext();
  await runPhases(initPhases, ctx, { only: 'control-plane' });
  const before = await Promise.all(FILES.map(async (f) => ({ bytes: await readFile(join(paths.manifestsDir, f)), mtime: (await stat(join(paths.manifestsDir, f))).mtimeMs })));
  await new Promise((r) => setTimeout(r, 20));
  await runPhases(initPhases, ctx, { only: 'control-plane' });
  for (const [i, f] of FILES.entries()) {
    t.true((await readFile(join(paths.manifestsDir, f))).equals(before[i]!.bytes), f);
    t.is((await stat(join(paths.manifestsDir, f))).mtimeMs, before[i]!.mtime, f);
  }
  t.true(ctx.fs.written().slice(3).every((w) => !w.changed));
});

test('dry-run writes nothing and says what it would write', async (t) => {
  const { ctx, paths, out } = await testContext({}, { dryRun: true });
  await runPhases(initPhases, ctx, { only: 'control-plane' });
  await t.throwsAsync(stat(paths.manifestsDir), { code: 'ENOENT' });
  t.deepEqual(ctx.fs.written().map((w) => w.path), FILES.map((f) => join(paths.manifestsDir, f)));
  for (const f of FILES) t.true(out().includes(`[dryrun] Would write file "${join(paths.manifestsDir, f)}" (mode 0600`), f);
});

test('hostile config values reach the manifest unchanged, as read by Go, and add no fields', async (t) => {
  const extraArgs = HOSTILE_VALUES.map((value, i) => ({ name: `hostile-${String(i).padStart(2, '0')}`, value }));
  const extraEnvs = HOSTILE_VALUES.map((value, i) => ({ name: `HOSTILE_${String(i).padStart(2, '0')}`, value })).filter((e) => e.value !== '');
  const patch: DeepPartial<Config> = { cluster: { apiServer: { extraArgs, extraEnvs }, clusterName: 'name: injected\n- x' } };
  const { ctx, paths } = await testContext(patch, {});
  await runPhases(initPhases, ctx, { only: 'control-plane' });
  const path = join(paths.manifestsDir, 'kube-apiserver.yaml');
  const pod = parse(await readFile(path, 'utf8'));
  t.deepEqual(Object.keys(pod).sort(), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  t.deepEqual(Object.keys(pod.spec).sort(), ['containers', 'hostNetwork', 'priority', 'priorityClassName', 'securityContext', 'volumes']);
  const command: string[] = pod.spec.containers[0].command;
  for (const a of extraArgs) t.true(command.includes(`--${a.name}=${a.value}`), JSON.stringify(a.value));
  const env = Object.fromEntries(pod.spec.containers[0].env.map((e: any) => [e.name, e.value]));
  for (const e of extraEnvs) t.is(env[e.name], e.value, JSON.stringify(e.value));
  t.deepEqual(await goRead(path), pod);
  const cm = parse(await readFile(join(paths.manifestsDir, 'kube-controller-manager.yaml'), 'utf8'));
  t.true(cm.spec.containers[0].command.includes('--cluster-name=name: injected\n- x'));
});

test('a user template from --templates-dir is used (here: an extra label)', async (t) => {
  const dir = await userTemplate('kube-apiserver.yaml.hbs', (s) => s.replace('    tier: control-plane\n', '    tier: control-plane\n    team: {{q "platform"}}\n'));
  const { ctx, paths } = await testContext();
  await runPhases(initPhases, withTemplates(ctx, dir), { only: 'control-plane' });
  const api = parse(await readFile(join(paths.manifestsDir, 'kube-apiserver.yaml'), 'utf8'));
  t.deepEqual(api.metadata.labels, { component: 'kube-apiserver', team: 'platform', tier: 'control-plane' });
  const sched = parse(await readFile(join(paths.manifestsDir, 'kube-scheduler.yaml'), 'utf8'));
  t.deepEqual(sched.metadata.labels, { component: 'kube-scheduler', tier: 'control-plane' });
});

test('a broken user template fails with TEMPLATE_INVALID naming it, and nothing is written', async (t) => {
  const dir = await userTemplate('kube-apiserver.yaml.hbs', (s) => s.replace('{{#each volumes}}', '{{#each volumes}'));
  const { ctx, paths } = await testContext();
  const e = await t.throwsAsync(runPhases(initPhases, withTemplates(ctx, dir), { only: 'control-plane' }));
  t.is((e as { code?: string }).code, 'TEMPLATE_INVALID');
  t.true(e!.message.startsWith(`error execution phase control-plane/apiserver: user template "${join(dir, 'kube-apiserver.yaml.hbs')}" has a syntax error`), e!.message);
  await t.throwsAsync(stat(paths.manifestsDir), { code: 'ENOENT' });
});

test('a user template with an unknown Pod field fails with RENDER_INVALID, and nothing is written', async (t) => {
  const dir = await userTemplate('kube-scheduler.yaml.hbs', (s) => s.replace('  hostNetwork: true\n', '  hostNetwrok: true\n'));
  const { ctx, paths } = await testContext();
  const e = await t.throwsAsync(runPhases(initPhases, withTemplates(ctx, dir), { only: 'control-plane/scheduler' }));
  t.is((e as { code?: string }).code, 'RENDER_INVALID');
  t.regex(e!.message, /user template ".*kube-scheduler\.yaml\.hbs" produced objects that do not match the Kubernetes schema:\n {2}- Pod "kube-scheduler": spec\.hostNetwrok: unknown field/);
  await t.throwsAsync(stat(paths.manifestsDir), { code: 'ENOENT' });
});

test('the manifests reference the real paths of a tree generated elsewhere', async (t) => {
  const { ctx, dir } = await testContext();
  await runPhases(initPhases, ctx, { only: 'control-plane' });
  for (const f of FILES) {
    const text = await readFile(join(dir, 'manifests', f), 'utf8');
    t.false(/\/etc\/kubernetes/.test(text), f);
  }
});
