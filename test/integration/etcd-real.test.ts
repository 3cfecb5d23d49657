/**
 * The etcd manifest against a real etcd: PKI from the certs phase, etcd.yaml from the etcd phase,
 * then Debian's etcd started with exactly the manifest's container command line inside a network
 * namespace of its own (the manifest's ports are fixed), and etcdctl talking to it over TLS with
 * the certificates kubeadm gives the health check and the API server. Once on an RSA-2048 PKI and
 * once on an ECDSA-P256 one.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { parse } from 'yaml';
import { initPhases } from '../../phases/init/index.js';
import { runPhases } from '../../src/workflow/runner.js';
import { testContext } from '../helpers/config.js';
import { installedEtcdTag } from '../helpers/etcd.js';

const exec = promisify(execFile);
const ADVERTISE = '192.0.2.10';

const isRoot = process.getuid?.() === 0;
const maybe = isRoot ? test.serial : test.serial.skip;
if (!isRoot) console.warn('etcd-real: skipped, creating a network namespace needs root');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(cmd: string, args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await sh(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

interface Creds {
  cacert: string;
  cert: string;
  key: string;
}

const etcdctl = (ns: string, endpoint: string, c: Creds, ...args: string[]): Promise<Result> =>
  sh('ip', ['netns', 'exec', ns, 'etcdctl', `--endpoints=${endpoint}`, `--cacert=${c.cacert}`, `--cert=${c.cert}`, `--key=${c.key}`, '--dial-timeout=3s', '--command-timeout=5s', ...args]);

/** A client certificate for `CN=kube-apiserver-etcd-client` from a CA etcd has never seen. */
async function foreignClientCert(dir: string): Promise<{ cert: string; key: string }> {
  const p = (f: string): string => join(dir, f);
  await writeFile(p('ext.cnf'), 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  await must('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-subj', '/CN=etcd-ca', '-days', '1']);
  await must('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('client.key'), '-out', p('client.csr'), '-subj', '/CN=kube-apiserver-etcd-client']);
  await must('openssl', ['x509', '-req', '-in', p('client.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-set_serial', '7', '-days', '1', '-extfile', p('ext.cnf'), '-out', p('client.crt')]);
  return { cert: p('client.crt'), key: p('client.key') };
}

async function mkdirp(path: string): Promise<string> {
  await mkdir(path, { recursive: true });
  return path;
}

function flagOf(command: readonly string[], name: string): string {
  const hit = command.find((c) => c.startsWith(`--${name}=`));
  if (hit === undefined) throw new Error(`--${name} is not in ${command.join(' ')}`);
  return hit.slice(name.length + 3);
}

for (const algorithm of ['RSA-2048', 'ECDSA-P256'] as const) maybe(`${algorithm}: etcd runs from our manifest's command line and serves the API server's and health check's certificates`, async (t) => {
  const ns = `mka-etcd-${randomBytes(4).toString('hex')}`;
  const etcdTag = await installedEtcdTag();
  const { ctx, dir, paths } = await testContext({ cluster: { encryptionAlgorithm: algorithm }, init: { localAPIEndpoint: { advertiseAddress: ADVERTISE, bindPort: 6443 } } });
  ctx.config.cluster.etcd.local!.imageTag = etcdTag;
  let etcd: ChildProcess | undefined;
  let etcdLog = '';
  let nsCreated = false;
  // Last resort if the worker exits without running teardowns (e.g. killed on timeout).
  const onExit = (): void => {
    if (etcd?.pid && etcd.exitCode === null) etcd.kill('SIGKILL');
    if (nsCreated) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  };
  process.once('exit', onExit);
  t.teardown(async () => {
    process.off('exit', onExit);
    if (etcd && etcd.exitCode === null && etcd.signalCode === null) {
      const exited = new Promise((r) => etcd!.once('exit', r));
      etcd.kill('SIGTERM');
      const timer = setTimeout(() => etcd!.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (nsCreated) await sh('ip', ['netns', 'del', ns]);
    await rm(dir, { recursive: true, force: true });
  });

  // The real phases: PKI, then the local etcd manifest (and the apiserver's, for its etcd flags).
  await runPhases(initPhases, ctx, { only: 'certs' });
  await runPhases(initPhases, ctx, { only: 'etcd' });
  await runPhases(initPhases, ctx, { only: 'control-plane/apiserver' });
  const pod = parse(await readFile(join(paths.manifestsDir, 'etcd.yaml'), 'utf8'));
  const container = pod.spec.containers[0];
  const argv: string[] = [...container.command, ...(container.args ?? [])];
  t.is(argv[0], 'etcd');
  t.is(flagOf(argv, 'data-dir'), paths.etcdDataDir);

  // An isolated network: loopback plus a veth pair carrying the advertise address.
  await must('ip', ['netns', 'add', ns]);
  nsCreated = true;
  await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  await must('ip', ['-n', ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
  await must('ip', ['-n', ns, 'addr', 'add', `${ADVERTISE}/24`, 'dev', 'veth0']);
  await must('ip', ['-n', ns, 'link', 'set', 'veth1', 'up']);
  await must('ip', ['-n', ns, 'link', 'set', 'veth0', 'up']);

  // Exactly the manifest's command line, nothing added or changed.
  etcd = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  etcd.stdout!.on('data', (d: Buffer) => (etcdLog += d.toString()));
  etcd.stderr!.on('data', (d: Buffer) => (etcdLog += d.toString()));

  const pki = paths.certificatesDir;
  t.is((await readFile(join(pki, 'etcd/server.key'), 'utf8')).split('\n')[0], algorithm === 'RSA-2048' ? '-----BEGIN RSA PRIVATE KEY-----' : '-----BEGIN EC PRIVATE KEY-----');
  const health: Creds = { cacert: join(pki, 'etcd/ca.crt'), cert: join(pki, 'etcd/healthcheck-client.crt'), key: join(pki, 'etcd/healthcheck-client.key') };
  const local = `https://127.0.0.1:2379`;
  let healthy: Result | undefined;
  for (let i = 0; i < 60; i++) {
    if (etcd.exitCode !== null) throw new Error(`etcd exited with ${etcd.exitCode}; its command line was rejected or it failed:\n${etcdLog}`);
    const r = await etcdctl(ns, local, health, 'endpoint', 'health');
    if (r.code === 0) {
      healthy = r;
      break;
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  t.truthy(healthy, `etcd did not become healthy:\n${etcdLog}`);
  t.regex(`${healthy!.stdout}${healthy!.stderr}`, /https:\/\/127\.0\.0\.1:2379 is healthy/);

  // The API server's view: its manifest's --etcd-* flags.
  const api = parse(await readFile(join(paths.manifestsDir, 'kube-apiserver.yaml'), 'utf8')).spec.containers[0].command as string[];
  const apiserver: Creds = { cacert: flagOf(api, 'etcd-cafile'), cert: flagOf(api, 'etcd-certfile'), key: flagOf(api, 'etcd-keyfile') };
  t.is(apiserver.cert, join(pki, 'apiserver-etcd-client.crt'));
  const servers = flagOf(api, 'etcd-servers');
  t.is(servers, local);
  const put = await etcdctl(ns, servers, apiserver, 'put', '/registry/minikubeadm/check', 'stored');
  t.is(put.code, 0, put.stderr);
  t.is(put.stdout.trim(), 'OK');
  // Read back through the advertised client URL (the pod annotation).
  const advertised = pod.metadata.annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'];
  t.is(advertised, `https://${ADVERTISE}:2379`);
  const get = await etcdctl(ns, advertised, apiserver, 'get', '/registry/minikubeadm/check', '--print-value-only');
  t.is(get.code, 0, get.stderr);
  t.is(get.stdout.trim(), 'stored');

  // A client certificate from another CA is refused, and writes nothing.
  const foreign = await foreignClientCert(await mkdirp(join(dir, 'foreign')));
  const refused = await etcdctl(ns, local, { cacert: health.cacert, ...foreign }, 'put', '/registry/minikubeadm/check', 'forged');
  t.not(refused.code, 0);
  t.regex(etcdLog, /rejected connection.*(unknown authority|bad certificate)/);
  const after = await etcdctl(ns, local, apiserver, 'get', '/registry/minikubeadm/check', '--print-value-only');
  t.is(after.stdout.trim(), 'stored');
});
