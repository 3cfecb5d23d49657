// Proof that the end-to-end harness works: node namespaces on a private switch, the kubelet
// stand-in running a real etcd static pod inside one, probes (with the /health fallback), sync()
// restarts, and nothing left behind afterwards.
import test from 'ava';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { KubeletStandin } from './harness/kubelet-standin.js';
import { createTestNetwork, listNetns, netnsPids, runInNetns, sweepStaleNamespaces } from './harness/netns.js';
import { ProbeClient } from './harness/probe-client.js';
import { httpProbe } from './harness/probe.js';

function etcdManifest(dataDir: string, ip: string, extraArgs: string[] = []): string {
  const probe = (path: string, extra = '') => `
      httpGet: {host: 127.0.0.1, path: ${path}, port: metrics, scheme: HTTP}
      initialDelaySeconds: 1
      periodSeconds: 1
      failureThreshold: 8${extra}`;
  return `apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: etcd
    image: etcd:3.4
    command:
    - etcd
    - --name=node-a
    - --data-dir=${dataDir}
    - --listen-client-urls=http://127.0.0.1:2379,http://${ip}:2379
    - --advertise-client-urls=http://${ip}:2379
    - --listen-peer-urls=http://${ip}:2380
    - --initial-advertise-peer-urls=http://${ip}:2380
    - --initial-cluster=node-a=http://${ip}:2380
    - --listen-metrics-urls=http://127.0.0.1:2381
${extraArgs.map((a) => `    - ${a}\n`).join('')}    env:
    - name: ETCD_SNAPSHOT_COUNT
      value: "5000"
    ports:
    - {name: metrics, containerPort: 2381}
    startupProbe:${probe('/livez', '\n      timeoutSeconds: 5')}
    livenessProbe:${probe('/livez')}
    readinessProbe:${probe('/readyz')}
    volumeMounts:
    - {name: etcd-data, mountPath: ${dataDir}}
  volumes:
  - name: etcd-data
    hostPath: {path: ${dataDir}, type: DirectoryOrCreate}
`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function fakeComponent(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/health' ? 200 : req.url === '/broken' ? 500 : 404;
    res.end(res.statusCode === 200 ? '{"health":"true"}' : 'no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

test('a probe answered 404 on /readyz falls back to /health; other failures do not', async (t) => {
  const { server, port } = await fakeComponent();
  t.teardown(() => server.close());
  const ready = await httpProbe({ scheme: 'HTTP', host: '127.0.0.1', port, path: '/readyz' }, 1000);
  t.true(ready.ok, ready.message);
  t.is(ready.path, '/health');
  const broken = await httpProbe({ scheme: 'HTTP', host: '127.0.0.1', port, path: '/broken' }, 1000);
  t.false(broken.ok);
  t.is(broken.status, 500);
  // The same through the probe agent process the stand-in uses.
  const client = new ProbeClient(undefined);
  t.teardown(() => client.close());
  const viaAgent = await client.probe({ type: 'http', scheme: 'HTTP', host: '127.0.0.1', port, path: '/livez', headers: {} }, 1000);
  t.true(viaAgent.ok, viaAgent.message);
  t.is(viaAgent.path, '/health');
});

test.serial('stale mka- namespaces of dead runs are swept, live ones kept', async (t) => {
  const stale = 'mka-999999999-abcdef-stale';
  await execa('ip', ['netns', 'add', stale]);
  const net = await createTestNetwork();
  t.teardown(() => net.cleanup());
  const removed = await sweepStaleNamespaces();
  t.true(removed.includes(stale));
  t.false((await listNetns()).includes(stale));
  t.true((await listNetns()).includes(net.switchNs));
});

test.serial('the stand-in runs an etcd static pod inside a node namespace and cleans up', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-e2e-'));
  const manifests = join(dir, 'manifests');
  await execa('mkdir', ['-p', manifests]);
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const net = await createTestNetwork();
  t.teardown(() => net.cleanup());
  const a = await net.addNode('a');
  const b = await net.addNode('b');
  const inA = new KubeletStandin({ manifestDir: manifests, logDir: join(dir, 'logs'), netns: a.ns, stopGraceMs: 5000 });
  t.teardown(() => inA.stop());
  const file = join(manifests, 'etcd.yaml');
  await writeFile(file, etcdManifest(join(dir, 'etcd'), a.ip));

  t.deepEqual((await inA.start()).started, ['etcd']);
  const healthy = await inA.waitHealthy('etcd', 60_000);
  t.is(healthy.lastProbes.readiness?.path, '/health', 'etcd 3.4 has no /readyz: fell back to /health');
  const pid = healthy.pid!;
  t.true((await netnsPids(a.ns)).includes(pid), 'etcd runs inside the node namespace');
  t.regex(await readFile(`/proc/${pid}/environ`, 'latin1'), /ETCD_SNAPSHOT_COUNT=5000/);
  t.regex(await readFile(healthy.logFile, 'utf8'), /etcd/);

  // Node b reaches etcd on node a across the switch; the host namespace does not see it.
  const viaSwitch = await runInNetns(b.ns, 'etcdctl', [`--endpoints=http://${a.ip}:2379`, 'endpoint', 'health']);
  t.regex(viaSwitch.stdout + viaSwitch.stderr, /is healthy/);
  const { stdout: hostLinks } = await execa('ip', ['-o', 'link']);
  t.false(hostLinks.includes(net.prefix), 'nothing of the test network on the host');

  // Unchanged manifest: nothing happens. Changed manifest: restarted like the kubelet does.
  t.deepEqual(await inA.sync(), { started: [], restarted: [], stopped: [] });
  await writeFile(file, etcdManifest(join(dir, 'etcd'), a.ip, ['--heartbeat-interval=200']));
  t.deepEqual((await inA.sync()).restarted, ['etcd']);
  t.false(alive(pid), 'the old etcd is gone');
  const again = await inA.waitHealthy('etcd', 60_000);
  t.not(again.pid, pid);

  // A removed manifest stops its pod.
  await unlink(file);
  t.deepEqual((await inA.sync()).stopped, ['etcd']);
  t.false(alive(again.pid!));
  t.deepEqual(inA.status(), []);

  await inA.stop();
  await inA.stop(); // idempotent
  const namespaces = net.nodes.map((n) => n.ns).concat(net.switchNs);
  await net.cleanup();
  await net.cleanup(); // idempotent
  const left = await listNetns();
  t.deepEqual(namespaces.filter((ns) => left.includes(ns)), []);
});

test.serial('stop() kills a component that ignores SIGTERM, with everything it forked', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-e2e-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const net = await createTestNetwork();
  t.teardown(() => net.cleanup());
  const node = await net.addNode('stubborn');
  await execa('mkdir', ['-p', join(dir, 'm')]);
  await writeFile(join(dir, 'm', 'stubborn.yaml'), `apiVersion: v1
kind: Pod
metadata: {name: stubborn}
spec:
  containers:
  - name: c
    command: [sh, -c]
    args: ["trap '' TERM; sleep 300 & sleep 300 & wait"]
`);
  const standin = new KubeletStandin({ manifestDir: join(dir, 'm'), logDir: join(dir, 'logs'), netns: node.ns, stopGraceMs: 1000 });
  t.teardown(() => standin.stop());
  await standin.start();
  await standin.waitHealthy('stubborn', 10_000);
  await new Promise((r) => setTimeout(r, 300));
  t.is((await netnsPids(node.ns)).length >= 3, true, 'shell and both sleeps run');
  const started = Date.now();
  await standin.stop();
  t.true(Date.now() - started >= 900, 'waited the grace period before SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  t.deepEqual(await netnsPids(node.ns), [], 'the whole process group is gone');
});
