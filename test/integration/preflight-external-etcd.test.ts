/**
 * ExternalEtcdVersion against a real etcd (Debian's 3.4, older than kubeadm's minimum, so the check
 * must fail naming the version it found), over plain HTTP and over mutual TLS with certificates
 * made by openssl. Both listen on free loopback ports.
 */
import { MIN_EXTERNAL_ETCD_VERSION } from '../../src/config/constants.js';
import test from 'ava';
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realHost } from '../../src/host/system.js';
import { externalEtcdVersionCheck } from '../../src/preflight/checks/versions.js';
import { initChecks } from '../../src/preflight/lists.js';
import { planForInit } from '../../src/preflight/plan.js';
import { runChecks } from '../../src/preflight/run.js';
import { testContext } from '../helpers/config.js';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function openssl(dir: string): Promise<Record<string, string>> {
  const p = (f: string) => join(dir, f);
  const run = (args: string[]) => execa('openssl', args, { cwd: dir });
  await run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=etcd-ca']);
  await writeFile(p('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await writeFile(p('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subj] of [['server', '/CN=etcd-server'], ['client', '/CN=kube-apiserver-etcd-client']] as const) {
    await run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', subj]);
    await run(['x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p(`${name}.crt`), '-days', '1', '-extfile', p(`${name}.ext`)]);
  }
  return { ca: p('ca.crt'), serverCert: p('server.crt'), serverKey: p('server.key'), clientCert: p('client.crt'), clientKey: p('client.key') };
}

async function startEtcd(tls?: Record<string, string>): Promise<{ endpoint: string; proc: ResultPromise }> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const scheme = tls ? 'https' : 'http';
  const endpoint = `${scheme}://127.0.0.1:${client}`;
  const args = [
    '--name', 'default', '--data-dir', join(dir, 'data'),
    '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
    '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
    '--initial-cluster', `default=http://127.0.0.1:${peer}`,
    ...(tls ? ['--cert-file', tls['serverCert']!, '--key-file', tls['serverKey']!, '--client-cert-auth', '--trusted-ca-file', tls['ca']!] : []),
  ];
  const proc = execa('etcd', args, { reject: false, stdio: 'ignore' });
  const host = realHost();
  const files = tls ? { caFile: tls['ca'], certFile: tls['clientCert'], keyFile: tls['clientKey'] } : {};
  for (let i = 0; i < 100; i++) {
    const r = await host.httpGet(`${endpoint}/version`, files, 1000);
    if ('status' in r && r.status === 200) return { endpoint, proc };
    await new Promise((res) => setTimeout(res, 100));
  }
  proc.kill();
  throw new Error(`etcd did not answer on ${endpoint}`);
}

async function etcdVersion(): Promise<string> {
  return /etcd Version: (\S+)/.exec((await execa('etcd', ['--version'])).stdout)![1]!;
}

test.serial('plain HTTP: a real etcd older than the minimum fails the check with its version', async (t) => {
  const { endpoint, proc } = await startEtcd();
  t.teardown(() => void proc.kill());
  const { ctx } = await testContext();
  const plan = { ...planForInit(ctx.config, ctx.paths), etcd: { external: { endpoints: [endpoint], caFile: '', certFile: '', keyFile: '' } } };
  t.true(initChecks(plan).some((c) => c.name === 'ExternalEtcdVersion'));
  const r = (await runChecks([externalEtcdVersionCheck(() => true)], realHost(), plan, [])).checks[0]!;
  t.like(r, { name: 'ExternalEtcdVersion', severity: 'error', passed: false });
  t.is(r.message, `this version of minikubeadm only supports external etcd version >= ${MIN_EXTERNAL_ETCD_VERSION}. Current version: ${await etcdVersion()}`);
  t.truthy(r.hint);
});

test.serial('mutual TLS: the configured CA and client certificate are used; without them the TLS error is reported', async (t) => {
  const tls = await openssl(await mkdtemp(join(tmpdir(), 'mka-etcd-pki-')));
  const { endpoint, proc } = await startEtcd(tls);
  t.teardown(() => void proc.kill());
  const { ctx } = await testContext();
  const base = planForInit(ctx.config, ctx.paths);
  const check = externalEtcdVersionCheck(() => true);
  const withCerts = { ...base, etcd: { external: { endpoints: [endpoint], caFile: tls['ca']!, certFile: tls['clientCert']!, keyFile: tls['clientKey']! } } };
  const ok = (await runChecks([check], realHost(), withCerts, [])).checks[0]!;
  t.is(ok.message, `this version of minikubeadm only supports external etcd version >= ${MIN_EXTERNAL_ETCD_VERSION}. Current version: ${await etcdVersion()}`);
  const noClientCert = { ...base, etcd: { external: { endpoints: [endpoint], caFile: tls['ca']!, certFile: '', keyFile: '' } } };
  const refused = (await runChecks([check], realHost(), noClientCert, [])).checks[0]!;
  t.like(refused, { passed: false, severity: 'error' });
  t.regex(refused.message, new RegExp(`^Get "${endpoint}/version": `));
  t.notRegex(refused.message, /Current version/);
});
