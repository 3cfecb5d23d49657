// Error paths only: the real API server (e2e) never answers 503 or drops connections on demand.
import { type Server, createServer } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { MinikubeadmError } from '../../../../src/errors.js';
import { Fs } from '../../../../src/host/fs.js';
import { clientFromKubeconfig } from '../../../../src/kube/client/client.js';
import { ApiError } from '../../../../src/kube/client/errors.js';

const kubeconfig = (server: string): string => `apiVersion: v1
kind: Config
clusters:
- cluster:
    insecure-skip-tls-verify: true
    server: ${server}
  name: c
contexts:
- context:
    cluster: c
    user: u
  name: ctx
current-context: ctx
users:
- name: u
  user:
    token: abc
`;

async function serve(answers: { status: number; body: unknown }[]): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const a = answers.length > 1 ? answers.shift()! : answers[0]!;
    res.statusCode = a.status;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

async function client(server: string, attempts = 4) {
  const dir = await mkdtemp(join(tmpdir(), 'mka-client-'));
  const path = join(dir, 'admin.conf');
  await writeFile(path, kubeconfig(server));
  return { path, client: await clientFromKubeconfig(path, new Fs(), { attempts, requestTimeoutMs: 2_000 }) };
}

const status = (code: number, reason: string, message: string) => ({ status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code } });

test('Forbidden: names the object, the server and the kubeconfig; credentials are sent', async (t) => {
  const s = await serve([status(403, 'Forbidden', 'configmaps "x" is forbidden: User "u" cannot get resource')]);
  const { client: c, path } = await client(s.url);
  const e = await t.throwsAsync(c.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'kube-system' }), { instanceOf: ApiError });
  t.is(e!.code, 'API_ERROR');
  t.is(e!.reason, 'Forbidden');
  t.regex(e!.message, /^cannot get ConfigMap kube-system\/x: configmaps "x" is forbidden.*\(HTTP 403 from http:\/\/127\.0\.0\.1:\d+\)$/);
  t.true(e!.hint!.includes(path));
  t.deepEqual(s.seen, ['GET /api/v1/namespaces/kube-system/configmaps/x Bearer abc']);
  s.server.close();
});

test('404 on get is "absent", not an error', async (t) => {
  const s = await serve([status(404, 'NotFound', 'not found')]);
  const { client: c } = await client(s.url);
  t.is(await c.get({ apiVersion: 'v1', kind: 'Node', name: 'cp1' }), undefined);
  s.server.close();
});

test('AlreadyExists and Invalid are told apart', async (t) => {
  const s = await serve([status(409, 'AlreadyExists', 'exists'), status(422, 'Invalid', 'spec.clusterIP: Invalid value')]);
  const { client: c } = await client(s.url);
  const obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' } };
  t.is((await t.throwsAsync(c.create(obj), { instanceOf: ApiError }))!.reason, 'AlreadyExists');
  const invalid = await t.throwsAsync(c.create(obj), { instanceOf: ApiError });
  t.is(invalid!.reason, 'Invalid');
  t.regex(invalid!.hint!, /refused the object as invalid/);
  s.server.close();
});

test('transient 503s are retried a bounded number of times', async (t) => {
  const s = await serve([status(503, 'ServiceUnavailable', 'starting'), { status: 200, body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp1' } } }]);
  const { client: c } = await client(s.url);
  t.is((await c.get({ apiVersion: 'v1', kind: 'Node', name: 'cp1' }))!.metadata.name, 'cp1');
  t.is(s.seen.length, 2);
  const always = await serve([status(503, 'ServiceUnavailable', 'down')]);
  const { client: c2 } = await client(always.url, 2);
  t.is((await t.throwsAsync(c2.get({ apiVersion: 'v1', kind: 'Node', name: 'cp1' }), { instanceOf: ApiError }))!.reason, 'ServerError');
  t.is(always.seen.length, 2);
  s.server.close();
  always.server.close();
});

test('no API server: Unreachable with what to check', async (t) => {
  const { client: c } = await client('http://127.0.0.1:1', 1);
  const e = await t.throwsAsync(c.list('v1', 'Secret', 'kube-system'), { instanceOf: ApiError });
  t.is(e!.reason, 'Unreachable');
  t.regex(e!.message, /cannot list Secret objects in kube-system: .*ECONNREFUSED/);
  t.regex(e!.hint!, /crictl ps -a/);
});

test('a missing or unusable kubeconfig is named', async (t) => {
  const e = await t.throwsAsync(clientFromKubeconfig('/nonexistent/admin.conf', new Fs()), { instanceOf: MinikubeadmError });
  t.is(e!.code, 'KUBECONFIG_INVALID');
  t.regex(e!.message, /"\/nonexistent\/admin\.conf" does not exist/);
  const dir = await mkdtemp(join(tmpdir(), 'mka-client-'));
  await writeFile(join(dir, 'bad.conf'), 'apiVersion: v1\nkind: Config\n');
  const bad = await t.throwsAsync(clientFromKubeconfig(join(dir, 'bad.conf'), new Fs()), { instanceOf: MinikubeadmError });
  t.regex(bad!.message, /bad\.conf"? (has no server|cannot be used|has no current-context)/);
});
