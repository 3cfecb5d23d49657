/**
 * Port checks against real listeners bound by the test on 127.0.0.1 (free ports picked at run
 * time): through the library on the real host, and through the real CLI with the port from a
 * config file, including nodeRegistration.ignorePreflightErrors.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { realHost } from '../../src/host/system.js';
import { portCheck } from '../../src/preflight/checks/network.js';
import { initChecks } from '../../src/preflight/lists.js';
import { planForInit } from '../../src/preflight/plan.js';
import { type PreflightReport, runChecks } from '../../src/preflight/run.js';
import { testContext } from '../helpers/config.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

async function listener(): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('Port-<bindPort> fails while a real listener holds the port and passes once it is gone', async (t) => {
  const l = await listener();
  const { ctx } = await testContext({ init: { localAPIEndpoint: { bindPort: l.port } } });
  const plan = planForInit(ctx.config, ctx.paths);
  const name = `Port-${l.port}`;
  const check = initChecks(plan).find((c) => c.name === name);
  t.truthy(check, `${name} is part of the init checks`);
  const busy = await runChecks([check!], realHost(), plan, []);
  t.like(busy.checks[0], { name, severity: 'error', passed: false, message: `Port ${l.port} is in use` });
  t.regex(busy.checks[0]!.hint!, /--apiserver-bind-port/);
  t.false(busy.passed);
  await l.close();
  const free = await runChecks([check!], realHost(), plan, []);
  t.like(free.checks[0], { name, passed: true });
});

test('the kubelet port check sees a listener on any loopback port the same way', async (t) => {
  const l = await listener();
  t.teardown(l.close);
  const { ctx } = await testContext();
  const r = await runChecks([portCheck(l.port, 'test')], realHost(), planForInit(ctx.config, ctx.paths), []);
  t.like(r.checks[0], { passed: false, message: `Port ${l.port} is in use` });
});

test('CLI: the bind port comes from the config file; nodeRegistration.ignorePreflightErrors turns the error into a warning', async (t) => {
  const l = await listener();
  t.teardown(l.close);
  const dir = await mkdtemp(join(tmpdir(), 'mka-ports-'));
  const config = (ignore: string[]) =>
    [
      'apiVersion: kubeadm.k8s.io/v1beta4',
      'kind: InitConfiguration',
      'localAPIEndpoint:',
      '  advertiseAddress: 192.0.2.10',
      `  bindPort: ${l.port}`,
      'nodeRegistration:',
      '  name: node-1',
      `  ignorePreflightErrors: [${ignore.join(', ')}]`,
      '',
    ].join('\n');
  const run = async (ignore: string[]) => {
    const file = join(dir, `config-${ignore.length}.yaml`);
    await writeFile(file, config(ignore));
    const r = await execa(process.execPath, [CLI, 'init', 'phase', 'preflight', '--config', file, '--kubernetes-dir', join(dir, 'k8s'), '--kubelet-dir', join(dir, 'kubelet'), '-o', 'json'], { reject: false, timeout: 60_000 });
    return { r, report: JSON.parse(r.stdout) as PreflightReport };
  };
  const plain = await run([]);
  t.like(plain.report.checks.find((c) => c.name === `Port-${l.port}`), { severity: 'error', passed: false, ignored: false, message: `Port ${l.port} is in use` });
  t.is(plain.r.exitCode, 1);
  t.regex(plain.r.stderr, new RegExp(`Port-${l.port}`));
  const ignored = await run([`port-${l.port}`]);
  t.like(ignored.report.checks.find((c) => c.name === `Port-${l.port}`), { passed: false, ignored: true });
  t.notRegex(ignored.r.stderr, new RegExp(`Port-${l.port}`));
});
