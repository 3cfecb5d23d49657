/**
 * The init checks on this machine through the real host seam: a container runtime socket served
 * by the test, files and an etcd data dir left in the run's own temp --kubernetes-dir, and a whole
 * run whose report validates against the schema.
 */
import test from 'ava';
import { Ajv } from 'ajv';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { realHost } from '../../src/host/system.js';
import { initChecks } from '../../src/preflight/lists.js';
import { planForInit } from '../../src/preflight/plan.js';
import { PREFLIGHT_REPORT_SCHEMA } from '../../src/preflight/report-schema.js';
import { runChecks } from '../../src/preflight/run.js';
import { initPreflight } from '../unit/preflight/helpers.js';
import { createContext } from '../../src/workflow/context.js';
import { testContext } from '../helpers/config.js';

test('CRI: a unix socket that answers passes; once it is gone the check fails with the socket named', async (t) => {
  const { ctx, dir } = await testContext();
  const path = join(dir, 'cri.sock');
  const server = createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const plan = { ...planForInit(ctx.config, ctx.paths), criSocket: `unix://${path}` };
  const cri = initChecks(plan).find((c) => c.name === 'CRI')!;
  t.like((await runChecks([cri], realHost(), plan, [])).checks[0], { name: 'CRI', passed: true });
  await new Promise<void>((r) => server.close(() => r()));
  const gone = (await runChecks([cri], realHost(), plan, [])).checks[0]!;
  t.like(gone, { name: 'CRI', severity: 'error', passed: false, message: `container runtime is not running: cannot connect to unix://${path}: the socket does not exist` });
  t.regex(gone.hint!, /--cri-socket/);
});

test('files of an earlier run in the real --kubernetes-dir fail the FileAvailable and DirAvailable checks', async (t) => {
  const { ctx, dir } = await testContext();
  const plan = planForInit(ctx.config, ctx.paths);
  await mkdir(join(dir, 'manifests'), { recursive: true });
  await writeFile(join(dir, 'manifests', 'etcd.yaml'), 'kind: Pod\n');
  await mkdir(join(dir, 'etcd', 'member'), { recursive: true });
  const names = [`FileAvailable-${dir.replaceAll('/', '-')}-manifests-etcd.yaml`, `DirAvailable-${dir.replaceAll('/', '-')}-etcd`, `FileAvailable-${dir.replaceAll('/', '-')}-manifests-kube-apiserver.yaml`];
  const checks = initChecks(plan).filter((c) => names.includes(c.name));
  t.is(checks.length, 3);
  const report = await runChecks(checks, realHost(), plan, []);
  t.like(report.checks.find((c) => c.name === names[0]), { passed: false, severity: 'error', message: `${dir}/manifests/etcd.yaml already exists` });
  t.like(report.checks.find((c) => c.name === names[1]), { passed: false, severity: 'error', message: `${dir}/etcd is not empty` });
  t.like(report.checks.find((c) => c.name === names[2]), { passed: true });
});

test('a whole run on this machine with -o json and `all` ignored prints a report that validates and passes', async (t) => {
  const base = await testContext();
  const ctx = createContext({ command: 'init', config: base.ctx.config, paths: base.paths, log: base.ctx.log, fs: base.ctx.fs, flags: { output: 'json', ignorePreflightErrors: ['all'] } });
  const report = await initPreflight(ctx, ctx.log.withPrefix('preflight'));
  const printed = JSON.parse(base.out()) as unknown;
  t.true(new Ajv().compile(PREFLIGHT_REPORT_SCHEMA)(printed));
  t.deepEqual(printed, JSON.parse(JSON.stringify(report)));
  t.true(report.passed);
  t.is(report.checks.length, initChecks(planForInit(ctx.config, ctx.paths)).length);
  for (const c of report.checks) if (!c.passed) t.truthy(c.hint, c.name);
});
