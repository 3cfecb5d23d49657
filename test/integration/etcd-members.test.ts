/**
 * The etcd client and stacked-etcd membership against real etcd processes on loopback: member 1 on
 * 127.0.0.1, the joining member on 127.0.0.2 (joinMember's peer URL is https://<address>:2380, so
 * each member needs its own address), TLS everywhere with client-certificate auth, certificates
 * from the project's PKI. The tests share one cluster and run in order.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { EtcdClient, EtcdError, type EtcdTls, hexId } from '../../src/etcd/client.js';
import { type InitialMember, etcdPeerURL, joinMember, ownMember, removeMember } from '../../src/etcd/members.js';
import { MinikubeadmError } from '../../src/errors.js';
import { memoryLogger } from '../../src/log.js';
import { type Issued, createClientCertificate, createSelfSignedCA, createSignedCertificate } from '../../src/pki/issue.js';
import { generateKey, keySpecFor } from '../../src/pki/keys.js';

const A1 = '127.0.0.1';
const A2 = '127.0.0.2';
const PEER1 = `https://${A1}:2380`;
const PEER2 = `https://${A2}:2380`;

interface Member {
  name: string;
  process: ChildProcess;
  log: string;
}

interface Cluster {
  dir: string;
  tls: EtcdTls;
  /** A client certificate from a CA etcd does not trust. */
  foreign: EtcdTls;
  files: { ca: string; cert: string; key: string };
  client1: string;
  client2: string;
  members: Member[];
  client: EtcdClient;
}

const test = anyTest as TestFn<Cluster>;

/** Why this machine cannot run the test, or undefined. */
async function unavailable(): Promise<string | undefined> {
  if (spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status !== 0) return 'etcd is not installed (Debian: apt-get install etcd-server)';
  if (spawnSync('etcdctl', ['version'], { stdio: 'ignore' }).status !== 0) return 'etcdctl is not installed (Debian: apt-get install etcd-client)';
  for (const [host, port] of [[A1, 2380], [A2, 2380], [A2, 0]] as const) {
    const why = await bindable(host, port);
    if (why) return `cannot listen on ${host}:${port} (${why}): another etcd running, or no 127.0.0.0/8 loopback`;
  }
  return undefined;
}

function bindable(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(undefined)));
  });
}

async function freePort(host: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen({ host, port: 0, exclusive: true }, resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const skipped = await unavailable();
if (skipped) console.warn(`etcd-members: skipped, ${skipped}`);
const serial = skipped ? test.serial.skip : test.serial;

async function pki(dir: string): Promise<Pick<Cluster, 'tls' | 'foreign' | 'files'>> {
  const spec = keySpecFor('RSA-2048');
  const keys = await Promise.all([1, 2, 3, 4, 5, 6].map(() => generateKey(spec)));
  const now = Date.now();
  const validity = { notBefore: new Date(Math.floor((now - 3_600_000) / 1000) * 1000), notAfter: new Date(Math.floor((now + 86_400_000) / 1000) * 1000) };
  const ca = await createSelfSignedCA({ commonName: 'etcd-ca' }, keys[0]!, validity);
  const names = { dnsNames: ['localhost'], ips: [A1, A2, '::1'] };
  const server = await createSignedCertificate(ca, { commonName: 'kube-etcd', usages: ['serverAuth', 'clientAuth'], ...names }, keys[1]!, validity);
  const peer = await createSignedCertificate(ca, { commonName: 'kube-etcd-peer', usages: ['serverAuth', 'clientAuth'], ...names }, keys[2]!, validity);
  const client = await createClientCertificate(ca, { commonName: 'kube-etcd-healthcheck-client' }, keys[3]!, validity);
  const otherCA = await createSelfSignedCA({ commonName: 'etcd-ca' }, keys[4]!, validity);
  const foreign = await createClientCertificate(otherCA, { commonName: 'kube-etcd-healthcheck-client' }, keys[5]!, validity);
  const write = async (name: string, issued: Issued): Promise<void> => {
    await writeFile(join(dir, `${name}.crt`), issued.cert.pem);
    await writeFile(join(dir, `${name}.key`), issued.keyPem, { mode: 0o600 });
  };
  await Promise.all([write('ca', ca), write('server', server), write('peer', peer), write('client', client)]);
  return {
    tls: { ca: ca.cert.pem, cert: client.cert.pem, key: client.keyPem },
    foreign: { ca: ca.cert.pem, cert: foreign.cert.pem, key: foreign.keyPem },
    files: { ca: join(dir, 'ca.crt'), cert: join(dir, 'client.crt'), key: join(dir, 'client.key') },
  };
}

/** etcd with TLS and client-certificate auth on both ports. */
function startEtcd(c: Cluster, name: string, address: string, clientURL: string, initialCluster: string, state: 'new' | 'existing'): Member {
  const peerURL = `https://${address}:2380`;
  const args = [
    `--name=${name}`,
    `--data-dir=${join(c.dir, name)}`,
    `--listen-client-urls=${clientURL}`,
    `--advertise-client-urls=${clientURL}`,
    `--listen-peer-urls=${peerURL}`,
    `--initial-advertise-peer-urls=${peerURL}`,
    `--initial-cluster=${initialCluster}`,
    `--initial-cluster-state=${state}`,
    '--initial-cluster-token=minikubeadm-etcd-members-test',
    `--cert-file=${join(c.dir, 'server.crt')}`,
    `--key-file=${join(c.dir, 'server.key')}`,
    '--client-cert-auth=true',
    `--trusted-ca-file=${join(c.dir, 'ca.crt')}`,
    `--peer-cert-file=${join(c.dir, 'peer.crt')}`,
    `--peer-key-file=${join(c.dir, 'peer.key')}`,
    '--peer-client-cert-auth=true',
    `--peer-trusted-ca-file=${join(c.dir, 'ca.crt')}`,
  ];
  const child = spawn('etcd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const m: Member = { name, process: child, log: '' };
  child.stdout!.on('data', (d: Buffer) => (m.log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (m.log += d.toString()));
  c.members.push(m);
  return m;
}

async function stop(m: Member): Promise<void> {
  const p = m.process;
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Wait until `m` answers a status request on `clientURL`. */
async function waitUp(c: Cluster, m: Member, clientURL: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (m.process.exitCode !== null) throw new Error(`etcd ${m.name} exited with ${m.process.exitCode}:\n${m.log}`);
    try {
      await c.client.status(clientURL);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`etcd ${m.name} did not answer on ${clientURL}: ${(e as Error).message}\n${m.log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function etcdctl(c: Cluster, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('etcdctl', [`--endpoints=${c.client1}`, `--cacert=${c.files.ca}`, `--cert=${c.files.cert}`, `--key=${c.files.key}`, '--dial-timeout=3s', '--command-timeout=5s', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ETCDCTL_API: '3' },
    timeout: 15_000,
  });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

const byName = (l: readonly InitialMember[]): InitialMember[] => [...l].sort((a, b) => a.name.localeCompare(b.name));

let onExit: (() => void) | undefined;

test.before(async (t) => {
  if (skipped) return;
  const dir = await mkdtemp(join(tmpdir(), 'mka-etcd-members-'));
  const files = await pki(dir);
  const client1 = `https://${A1}:${await freePort(A1)}`;
  const client2 = `https://${A2}:${await freePort(A2)}`;
  const c: Cluster = { dir, ...files, client1, client2, members: [], client: new EtcdClient([client1], files.tls) };
  t.context = c;
  // Last resort if the worker exits without running the after hooks.
  onExit = () => {
    for (const m of c.members) if (m.process.exitCode === null) m.process.kill('SIGKILL');
  };
  process.once('exit', onExit);
  const n1 = startEtcd(c, 'n1', A1, client1, `n1=${PEER1}`, 'new');
  await waitUp(c, n1, client1);
});

test.after.always(async (t) => {
  if (skipped) return;
  const c = t.context;
  if (onExit) process.off('exit', onExit);
  if (!c) return;
  c.client?.close();
  await Promise.all(c.members.map(stop));
  await rm(c.dir, { recursive: true, force: true });
});

serial('members() lists the one member; IDs are decimal, hexId is how etcdctl prints them', async (t) => {
  const c = t.context;
  const members = await c.client.members();
  t.is(members.length, 1);
  const [m] = members;
  t.like(m, { name: 'n1', peerURLs: [PEER1], clientURLs: [c.client1], isLearner: false });
  t.regex(m!.id, /^[1-9]\d*$/);
  const listed = etcdctl(c, 'member', 'list');
  t.is(listed.code, 0, listed.out);
  t.is(listed.out.trim(), `${hexId(m!.id)}, started, n1, ${PEER1}, ${c.client1}, false`);
  const status = await c.client.status(c.client1);
  t.deepEqual(status, { isLearner: false, leader: m!.id });
});

serial('endpoints are tried in turn; none answering, or a client certificate of another CA, is an API_ERROR', async (t) => {
  const c = t.context;
  const dead = `https://${A1}:${await freePort(A1)}`;
  const fallback = new EtcdClient([dead, c.client1], c.tls);
  t.teardown(() => fallback.close());
  t.is((await fallback.members()).length, 1);

  const none = new EtcdClient([dead], c.tls, 1_000);
  t.teardown(() => none.close());
  const e = await t.throwsAsync(none.members(), { instanceOf: MinikubeadmError });
  t.is(e!.code, 'API_ERROR');
  t.regex(e!.message, new RegExp(`^no etcd member answered /v3/cluster/member/list:\\n  - ${dead.replaceAll('.', '\\.')}: connect ECONNREFUSED`));
  t.regex(e!.hint!, /crictl ps --name etcd/);

  const stranger = new EtcdClient([c.client1], c.foreign, 2_000);
  t.teardown(() => stranger.close());
  const refused = await t.throwsAsync(stranger.members(), { instanceOf: MinikubeadmError });
  t.regex(refused!.message, /^no etcd member answered \/v3\/cluster\/member\/list:/);
  t.throws(() => new EtcdClient([], c.tls), { instanceOf: MinikubeadmError, message: 'no etcd endpoints to talk to' });
});

serial('addLearner adds a nameless learner; remove takes it out; removing it again is etcd\'s own error', async (t) => {
  const c = t.context;
  const peer = 'https://127.0.0.9:2380';
  const { added, members } = await c.client.addLearner(peer);
  t.like(added, { name: '', peerURLs: [peer], clientURLs: [], isLearner: true });
  t.deepEqual(members.map((m) => [m.name, m.peerURLs[0], m.isLearner]).sort(), [['', peer, true], ['n1', PEER1, false]]);
  t.regex(etcdctl(c, 'member', 'list').out, new RegExp(`${hexId(added.id)}, unstarted, , ${peer.replaceAll('.', '\\.')}, , true`));
  await c.client.remove(added.id);
  t.deepEqual((await c.client.members()).map((m) => m.name), ['n1']);
  const again = await t.throwsAsync(c.client.remove(added.id), { instanceOf: EtcdError });
  t.regex(again!.message, /member not found/);
  t.is(again!.endpoint, c.client1);
});

serial('ownMember: the node\'s name under another peer URL, or its peer URL under another name, is refused before anything is added', async (t) => {
  const c = t.context;
  const [n1] = await c.client.members();
  const calls: (readonly InitialMember[])[] = [];
  const writeManifest = async (initial: readonly InitialMember[]): Promise<void> => void calls.push(initial);
  const { log } = memoryLogger();

  const clash = await t.throwsAsync(joinMember({ client: c.client, nodeName: 'n1', address: '127.0.0.3', timeoutMs: 5_000, log, writeManifest }), { instanceOf: MinikubeadmError });
  t.is(clash!.code, 'JOIN_REFUSED');
  t.is(clash!.message, `an etcd member named "n1" already exists with peer URL ${PEER1}, not https://127.0.0.3:2380`);
  t.true(clash!.hint!.includes(`\`etcdctl member remove ${hexId(n1!.id)}\``), clash!.hint);
  t.regex(clash!.hint!, /or join this node under another --node-name/);

  const taken = await t.throwsAsync(joinMember({ client: c.client, nodeName: 'cp-2', address: A1, timeoutMs: 5_000, log, writeManifest }), { instanceOf: MinikubeadmError });
  t.is(taken!.code, 'JOIN_REFUSED');
  t.is(taken!.message, `the etcd member "n1" already uses this node's peer URL ${PEER1}`);
  t.true(taken!.hint!.includes(`\`etcdctl member remove ${hexId(n1!.id)}\``));
  t.regex(taken!.hint!, /join under --node-name n1$/);

  t.deepEqual(calls, [], 'no manifest written');
  t.is((await c.client.members()).length, 1, 'no member added');
  // The same rule on its own, for the member as the cluster lists it.
  t.is(ownMember(await c.client.members(), 'n1', PEER1)?.id, n1!.id);
  t.is(ownMember(await c.client.members(), 'n2', PEER2), undefined);
});

serial('a manifest that cannot be written: the learner just added is removed again', async (t) => {
  const c = t.context;
  const seen: (readonly InitialMember[])[] = [];
  const e = await t.throwsAsync(
    joinMember({
      client: c.client,
      nodeName: 'n2',
      address: A2,
      timeoutMs: 5_000,
      log: memoryLogger().log,
      writeManifest: async (initial) => {
        seen.push(initial);
        throw new Error('disk full');
      },
    }),
  );
  t.is(e!.message, 'disk full');
  t.deepEqual(seen.map(byName), [[{ name: 'n1', peerURL: PEER1 }, { name: 'n2', peerURL: PEER2 }]], 'the initial cluster names the learner by this node');
  t.deepEqual((await c.client.members()).map((m) => m.name), ['n1']);
});

serial('joinMember: a second real etcd joins as a learner, is promoted, and the cluster has quorum', async (t) => {
  t.timeout(90_000);
  const c = t.context;
  const mem = memoryLogger(1);
  let n2: Member | undefined;
  let initial: readonly InitialMember[] = [];
  await joinMember({
    client: c.client,
    nodeName: 'n2',
    address: A2,
    timeoutMs: 30_000,
    log: mem.log,
    writeManifest: async (members) => {
      initial = members;
      n2 = startEtcd(c, 'n2', A2, c.client2, members.map((m) => `${m.name}=${m.peerURL}`).join(','), 'existing');
    },
  });
  t.truthy(n2, 'the manifest callback ran');
  t.deepEqual(byName(initial), [{ name: 'n1', peerURL: PEER1 }, { name: 'n2', peerURL: PEER2 }]);
  const members = await c.client.members();
  t.deepEqual(members.map((m) => [m.name, m.peerURLs[0], m.clientURLs[0], m.isLearner]).sort(), [
    ['n1', PEER1, c.client1, false],
    ['n2', PEER2, c.client2, false],
  ]);
  t.false(members.some((m) => m.isLearner), 'no learners left');
  t.is((await c.client.status(c.client2)).isLearner, false);
  t.is(n2!.process.exitCode, null, `n2 runs:\n${n2!.log}`);
  t.regex(mem.out(), /Announced new etcd member joining to the existing etcd cluster\n/);
  t.regex(mem.out(), /Creating static Pod manifest for "etcd"\n/);
  t.regex(mem.out(), /Waiting for the new etcd member to join the cluster\. This can take up to 40s\n/);
  t.regex(mem.err(), /The learner was promoted as a voting member: [0-9a-f]+/);
  const listed = etcdctl(c, 'member', 'list');
  t.regex(listed.out, new RegExp(`, started, n2, ${PEER2.replaceAll('.', '\\.')}, ${c.client2.replaceAll('.', '\\.')}, false`));

  // Run again (a join retried): the member is found, not added twice.
  const again = memoryLogger(1);
  let rewritten = 0;
  await joinMember({ client: c.client, nodeName: 'n2', address: A2, timeoutMs: 10_000, log: again.log, writeManifest: async () => void rewritten++ });
  t.is(rewritten, 1);
  t.regex(again.err(), /This node is already member [0-9a-f]+ of the etcd cluster/);
  t.regex(again.err(), /already promoted/);
  t.notRegex(again.out(), /Announced new etcd member/);
  t.is((await c.client.members()).length, 2);
});

serial('removeMember: removed, then absent; the last member is kept', async (t) => {
  t.timeout(30_000);
  const c = t.context;
  const mem = memoryLogger(5);
  // etcd's strict reconfiguration check refuses to remove a voting member ("etcdserver: unhealthy
  // cluster") until the leader has been connected to the other members for 5 s; n2 just joined, so
  // removeMember has to retry, as kubeadm's RemoveMember does.
  const removed = await removeMember(c.client, etcdPeerURL(A2), mem.log, 20_000);
  t.is(removed, 'removed');
  t.deepEqual((await c.client.members()).map((m) => m.name), ['n1']);
  t.is(await removeMember(c.client, etcdPeerURL(A2), mem.log), 'absent');
  t.regex(mem.err(), new RegExp(`member was already removed, because no member id exists for peer ${PEER2.replaceAll('.', '\\.')}`));
  t.is(await removeMember(c.client, etcdPeerURL(A1), mem.log), 'last');
  t.regex(mem.err(), /This is the only remaining etcd member in the etcd cluster, skip removing it/);
  t.deepEqual((await c.client.members()).map((m) => [m.name, m.peerURLs[0]]), [['n1', etcdPeerURL(A1)]]);
  // A removed member stops on its own.
  const n2 = c.members.find((m) => m.name === 'n2')!;
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([
    new Promise<boolean>((r) => (n2.process.exitCode !== null ? r(true) : n2.process.once('exit', () => r(true)))),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15_000))),
  ]);
  clearTimeout(timer);
  t.true(exited, `n2 is still running after its removal:\n${n2.log.slice(-2000)}`);
});
