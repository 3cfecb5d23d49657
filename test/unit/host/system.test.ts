import test from 'ava';
import { createServer as createHttpServer } from 'node:http';
import { mkdtemp, writeFile, chmod, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realHost } from '../../../src/host/system.js';
import { fixtureHost } from '../../fixtures/hosts/fixture-host.js';
import { testContext } from '../../helpers/config.js';

const listen = (server: Server, ...args: unknown[]): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    (server.listen as (...a: unknown[]) => void)(...args, () => resolve());
  });

test('files: contents, kinds and directory entries; a missing path is undefined', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-sys-'));
  await writeFile(join(dir, 'f'), 'x');
  const host = realHost();
  t.is((await host.readFile(join(dir, 'f')))?.toString(), 'x');
  t.is(await host.readFile(join(dir, 'missing')), undefined);
  t.is(await host.readFile(join(dir, 'f', 'below-a-file')), undefined);
  t.is(await host.stat(dir), 'dir');
  t.is(await host.stat(join(dir, 'f')), 'file');
  t.is(await host.stat('/dev/null'), 'other');
  t.deepEqual(await host.readDir(dir), ['f']);
  t.is(await host.readDir(join(dir, 'nope')), undefined);
  t.regex((await host.readFile('/proc/self/status'))!.toString(), /^Name:/, '/proc is read like any file');
});

test('which searches the PATH given to the host for executable files only', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-path-'));
  await writeFile(join(dir, 'tool'), '#!/bin/sh\necho "out $1"; echo err >&2; exit 3\n');
  await chmod(join(dir, 'tool'), 0o755);
  await writeFile(join(dir, 'plain'), 'not executable');
  await mkdir(join(dir, 'adir'));
  const host = realHost({ PATH: `/nonexistent:${dir}` });
  t.is(await host.which('tool'), join(dir, 'tool'));
  t.is(await host.which('plain'), undefined);
  t.is(await host.which('adir'), undefined);
  t.is(await host.which('sh'), undefined, 'only the given PATH is searched');
  t.truthy(await realHost().which('sh'));
});

test('run returns exit code and output, missing for an absent binary, timedOut for a hung one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-run-'));
  await writeFile(join(dir, 'tool'), '#!/bin/sh\necho "out $1"; echo err >&2; exit 3\n');
  await chmod(join(dir, 'tool'), 0o755);
  const host = realHost({ PATH: `${dir}:/usr/bin:/bin` });
  t.deepEqual(await host.run('tool', ['a b'], { timeoutMs: 5000 }), { exitCode: 3, stdout: 'out a b', stderr: 'err', timedOut: false });
  t.is(await host.run('definitely-not-installed-here', [], { timeoutMs: 1000 }), 'missing');
  const started = Date.now();
  const hung = await host.run('sleep', ['10'], { timeoutMs: 200 });
  t.true(hung !== 'missing' && hung.timedOut);
  t.true(Date.now() - started < 5000);
});

test('isPortFree sees a listener on loopback even when probing all addresses', async (t) => {
  const server = createServer();
  await listen(server, 0, '127.0.0.1');
  const port = (server.address() as { port: number }).port;
  const host = realHost();
  t.false(await host.isPortFree(port));
  t.false(await host.isPortFree(port, '127.0.0.1'));
  await new Promise((r) => server.close(r));
  t.true(await host.isPortFree(port));
});

test('canConnect answers true for a listening unix socket and names the errno otherwise', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-sock-'));
  const path = join(dir, 'cri.sock');
  const host = realHost();
  t.is(await host.canConnect(path, 1000), 'ENOENT');
  const server = createServer((s) => s.end());
  await listen(server, path);
  t.true(await host.canConnect(path, 1000));
  await new Promise((r) => server.close(r));
  await writeFile(join(dir, 'file'), '');
  t.is(await host.canConnect(join(dir, 'file'), 1000), 'ECONNREFUSED');
});

test('lookupHost resolves localhost and reports a name that does not resolve', async (t) => {
  const host = realHost();
  t.true((await host.lookupHost('localhost', 5000)).addresses.length > 0);
  const miss = await host.lookupHost('no-such-host.invalid', 5000);
  t.deepEqual(miss.addresses, []);
  t.regex(miss.error!, /^lookup no-such-host\.invalid: /);
});

test('httpGet returns status and body, or the error', async (t) => {
  const server = createHttpServer((_req, res) => res.end('{"etcdserver":"3.5.24"}'));
  await listen(server as unknown as Server, 0, '127.0.0.1');
  const port = (server.address() as { port: number }).port;
  const host = realHost();
  t.deepEqual(await host.httpGet(`http://127.0.0.1:${port}/version`, {}, 5000), { status: 200, body: '{"etcdserver":"3.5.24"}' });
  await new Promise((r) => server.close(r));
  t.regex(JSON.stringify(await host.httpGet(`http://127.0.0.1:${port}/version`, {}, 5000)), /ECONNREFUSED/);
  t.regex(JSON.stringify(await host.httpGet('https://127.0.0.1:1/', { caFile: '/nonexistent/ca.crt' }, 5000)), /ENOENT/);
});

test('process facts come from the machine', (t) => {
  const host = realHost();
  t.is(host.uid(), process.getuid!());
  t.true(host.cpuCount() >= 1);
  t.true(host.memTotalBytes() > 0);
  t.is(host.osName(), 'Linux');
  t.regex(host.kernelRelease(), /^\d+\.\d+/);
  t.truthy(host.hostname());
});

test('the run context holds the real host unless it is given another one', async (t) => {
  const fixture = fixtureHost('healthy');
  const { ctx } = await testContext({}, { host: fixture });
  t.is(ctx.host, fixture);
  const { ctx: other } = await testContext();
  t.is(other.host.osName(), 'Linux');
});

test('fixture hosts layer files and records over their parent, hide files, and refuse unknown commands', async (t) => {
  const host = fixtureHost('swap-on', { binaries: { socat: null }, hide: ['/proc/sys/net/ipv6'] });
  t.regex((await host.readFile('/proc/swaps'))!.toString(), /swap\.img/, 'own file');
  t.is((await host.readFile('/proc/sys/net/ipv4/ip_forward'))!.toString(), '1\n', 'inherited file');
  t.is(await host.readFile('/proc/sys/net/ipv6/conf/default/forwarding'), undefined, 'hidden');
  t.is(await host.which('socat'), undefined, 'deleted by the override');
  t.is(await host.which('ip'), '/usr/sbin/ip');
  t.is(await host.run('socat', [], { timeoutMs: 1 }), 'missing');
  await t.throwsAsync(host.run('ip', ['link'], { timeoutMs: 1 }), { message: /no result for `ip link`/ });
  t.like(await host.run('kubelet', ['--version'], { timeoutMs: 1 }), { exitCode: 0, stdout: 'Kubernetes v1.37.0\n' });
  t.false(await fixtureHost('ports-taken').isPortFree(6443));
});
