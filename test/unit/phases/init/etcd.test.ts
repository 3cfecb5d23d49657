import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { parse } from 'yaml';
import { initPhases } from '../../../../phases/init/index.js';
import { etcdPod } from '../../../../src/manifests/etcd.js';
import { initManifestInputs } from '../../../../src/manifests/render.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { testContext } from '../../../helpers/config.js';

test('writes etcd.yaml, creates the data dir 0700, logs like kubeadm', async (t) => {
  const { ctx, paths, out } = await testContext();
  await runPhases(initPhases, ctx, { only: 'etcd' });
  t.is(out(), `[etcd] Creating static Pod manifest for local etcd in "${paths.manifestsDir}"\n`);
  const path = join(paths.manifestsDir, 'etcd.yaml');
  t.is((await stat(path)).mode & 0o777, 0o600);
  t.is((await stat(paths.manifestsDir)).mode & 0o777, 0o700);
  t.is((await stat(paths.etcdDataDir)).mode & 0o777, 0o700);
  const pod = parse(await readFile(path, 'utf8'));
  const want = etcdPod(await initManifestInputs(ctx.config, ctx.paths, { exists: (p) => ctx.fs.exists(p), env: ctx.host.env })).pod;
  t.deepEqual(pod.spec.containers[0].command, want.command);
  t.is(pod.spec.containers[0].image, want.image);
  t.deepEqual(pod.metadata.annotations, { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': 'https://192.0.2.10:2379' });
  t.deepEqual(pod.spec.containers[0].resources, { requests: { cpu: '100m', memory: '100Mi' } });
  t.deepEqual(pod.spec.containers[0].volumeMounts, [
    { mountPath: paths.etcdDataDir, name: 'etcd-data' },
    { mountPath: join(paths.certificatesDir, 'etcd'), name: 'etcd-certs' },
  ]);
  t.true(pod.spec.containers[0].command.includes(`--data-dir=${paths.etcdDataDir}`));
});

test('idempotent: a second run changes no byte', async (t) => {
  const { ctx, paths } = await testContext();
  await runPhases(initPhases, ctx, { only: 'etcd/local' });
  const before = await readFile(join(paths.manifestsDir, 'etcd.yaml'));
  await runPhases(initPhases, ctx, { only: 'etcd/local' });
  t.true((await readFile(join(paths.manifestsDir, 'etcd.yaml'))).equals(before));
  t.false(ctx.fs.written()[1]!.changed);
});

test('external etcd: skipped with a message, nothing written', async (t) => {
  const { ctx, dir, out } = await testContext();
  const external = { ...ctx, config: { ...ctx.config, cluster: { ...ctx.config.cluster, etcd: { external: { endpoints: ['https://10.0.0.1:2379'], caFile: '', certFile: '', keyFile: '' } } } } };
  await runPhases(initPhases, external, { only: 'etcd' });
  t.is(out(), '[etcd] External etcd mode. Skipping the creation of a manifest for local etcd\n');
  t.deepEqual(await readdir(dir), []);
});

test('dry-run: says what it would do, touches nothing', async (t) => {
  const { ctx, paths, dir, out } = await testContext({}, { dryRun: true });
  await runPhases(initPhases, ctx, { only: 'etcd' });
  t.true(out().includes(`[etcd] Would ensure that "${paths.etcdDataDir}" directory is present\n`));
  t.true(out().includes(`[dryrun] Would write file "${join(paths.manifestsDir, 'etcd.yaml')}" (mode 0600`));
  t.deepEqual(await readdir(dir), []);
});

test('a broken user template leaves neither the data dir nor the manifest behind', async (t) => {
  const templates = await mkdtemp(join(tmpdir(), 'mka-user-tpl-'));
  await writeFile(join(templates, 'etcd.yaml.hbs'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{q name}}\n  nmae: {{q name}}\n');
  const { ctx, dir } = await testContext();
  const e = await t.throwsAsync(runPhases(initPhases, { ...ctx, paths: { ...ctx.paths, userTemplatesDir: templates } }, { only: 'etcd' }));
  t.is((e as { code?: string }).code, 'RENDER_INVALID');
  t.regex(e!.message, /metadata\.nmae: unknown field/);
  t.deepEqual(await readdir(dir), []);
});
