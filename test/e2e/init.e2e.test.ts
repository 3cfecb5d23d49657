// `minikubeadm init` on a fresh real node: cp-1 runs a real kubelet v1.20.2 with containerd and
// runc, which runs the four static Pods from the manifests init writes (images built locally from the
// v1.20.2 build and Debian's etcd 3.5). Checked with kubectl: the mirror Pods, the Node the kubelet
// registered, every object init creates, the RBAC it grants, the bootstrap token's identity,
// cluster-info signed by the real controller-manager and verified with our JWS code, kubelet-finalize
// and the rotated client certificate, logs and exec through the kubelet, kube-proxy and pod networking
// on cp-1 and a worker that joined through the kubelet's own TLS bootstrap, CoreDNS's objects, and a
// second init that changes nothing; then the day-2 commands: token create/list/delete, certs renew and
// check-expiration, and reset of the worker and of cp-1. Nodes share one cluster (set up once, in the before hook); all
// their processes, mounts, namespaces and cgroups are removed even when a test fails.
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import test from 'ava';
import { parse } from 'yaml';
import { computeDetachedSignature, detachedSignatureIsValid } from '../../src/token/jws.js';
import { listNetns } from './harness/netns.js';
import { missingKubernetesBinaries } from './harness/paths.js';
import { type CommandRun, InitCluster, NODE_NAME, STATIC_PODS, WORKER_NAME, configText, minikubeadm, printedJoinCommand, waitFor } from './init/cluster.js';
import { INIT_OBJECTS, managedFieldsFlag, snapshotFiles, snapshotObjects } from './init/snapshot.js';
import { type NodeObj, type Pod, inCidr, ready } from './init/objects.js';
import { leftovers } from './nodes/leftovers.js';
import type { RealNode } from './nodes/node.js';

// The token is fixed in the config so the test can use it. A config without a token string reuses
// the cluster's matching token (the last test).
const TOKEN_ID = 'e2e0ab';
const TOKEN_SECRET = '0123456789e2e0ab';
const TOKEN = `${TOKEN_ID}.${TOKEN_SECRET}`;


let cluster: InitCluster | undefined;
let first: CommandRun | undefined;
let failed = false;

const c = (): InitCluster => {
  if (!cluster) throw new Error('the cluster was not set up (see the before hook)');
  if (first?.exitCode !== 0) throw new Error('the first init failed (see the first test)');
  return cluster;
};
const w = (): RealNode => {
  if (!c().worker) throw new Error('the worker was not set up (see its test)');
  return c().worker!;
};

async function pods(namespace: string, selector?: string): Promise<Pod[]> {
  return (await c().getJson<{ items: Pod[] }>(['pods', '-n', namespace, ...(selector ? ['-l', selector] : [])])).items;
}

test.before(async (t) => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing binaries ${missing.join(', ')}: run test/e2e/provision/provision.sh`);
  const t0 = Date.now();
  cluster = await InitCluster.create({ token: TOKEN });
  t.log(`node ${cluster.node.net.ns} (${cluster.node.ip}), files in ${cluster.dir}; set up in ${Date.now() - t0} ms ${JSON.stringify(cluster.node.timings)}`);
  // What a CNI DaemonSet would do: a bridge config once the Node has its podCIDR.
  cluster.giveNodePodNetwork(cluster.node);
  first = await cluster.init([cluster.preflightIgnores('first')]);
  t.log(`init took ${first.wallMs} ms`);
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  if (!cluster) return;
  const prefix = cluster.run.prefix;
  const left = await cluster.stop({ keepFiles: failed });
  t.deepEqual(left, [], 'the teardown removed everything it recorded');
  t.deepEqual((await listNetns()).filter((ns) => ns.startsWith(prefix)), [], 'no network namespace of this run is left');
  t.deepEqual(leftovers(prefix), { netns: [], cgroups: [], mounts: [], processes: [] }, 'no process, mount, namespace or cgroup of this run is left');
  if (failed) t.log(`kept ${cluster.dir} (kubelet and containerd logs in nodes/*/logs, pod logs in nodes/*/varlog/pods)`);
});

test.serial('init succeeds; the kubelet runs the four static Pods from our manifests to Ready with 0 restarts', async (t) => {
  t.is(first?.exitCode, 0, `${first?.stderr}${first?.stdout}`);
  if (first?.exitCode !== 0) return;
  const mirror = await waitFor('four Ready mirror Pods', 180_000, async () => {
    const list = (await pods('kube-system')).filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror']);
    return list.length === 4 && list.every(ready) ? list : undefined;
  });
  t.deepEqual(mirror.map((p) => p.metadata.name).sort(), STATIC_PODS.map((n) => `${n}-${NODE_NAME}`));
  for (const p of mirror) {
    t.is(p.spec.nodeName, NODE_NAME);
    t.is(p.metadata.annotations?.['kubernetes.io/config.source'], 'file', `${p.metadata.name} comes from the static Pod directory`);
    const [container] = p.status.containerStatuses ?? [];
    t.true(container?.ready, `${p.metadata.name} is Ready`);
    t.is(container?.restartCount, 0, `${p.metadata.name} never restarted`);
    t.true((p.spec.containers[0]?.command ?? []).some((a) => a.startsWith('--') && a.includes(c().kubernetesDir)), `${p.metadata.name} uses our certificates and kubeconfigs`);
  }
  // minikubeadm (re)started the kubelet through the node's service: it runs inside the node.
  t.is((await c().node.kubeletService('is-active')).exitCode, 0);
  const kubelet = Number(await readFile(c().node.service.pidFile, 'utf8'));
  t.is(statSync(`/proc/${kubelet}/ns/mnt`).ino, statSync(c().node.mountNsFile).ino, 'the kubelet runs in cp-1\'s mount namespace');
  t.regex(await readFile(`/proc/${kubelet}/cmdline`, 'utf8'), new RegExp(`--config=${join(c().kubeletDir, 'config.yaml')}`));
  // The containers really run in cp-1's containerd, from the images built for the node.
  const containers = (await c().node.ctr(['containers', 'list'])).stdout;
  for (const n of STATIC_PODS) {
    const image = c().refs.byComponent[n]!;
    t.true(containers.split('\n').some((l) => l.split(/\s+/)[1] === image), `containerd runs a container of ${image}`);
  }
  for (const line of [
    '[kubelet-start] Starting the kubelet',
    '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods',
    '[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz',
    '[control-plane-check] kube-apiserver is healthy after',
    '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
    `[mark-control-plane] Marking the node ${NODE_NAME} as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]`,
    '[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace',
    '[kubelet-finalize] Updating',
    '[addons] Applied essential addon: CoreDNS',
    '[addons] Applied essential addon: kube-proxy',
    `minikubeadm join ${c().node.ip}:6443 --token ${TOKEN} \\`,
  ]) {
    t.true(first!.stdout.includes(line), `output has: ${line}`);
  }
  t.false(first!.stdout.includes('Skipping the kubelet health check'), 'the kubelet health check ran');
  t.is(first!.stdout.split(TOKEN).length - 1, 1, 'the token appears once: in the worker join command (no control-plane endpoint, so no control-plane variant)');
});

test.serial('Node cp-1 was registered by the kubelet itself, turns Ready with its CNI network, and is labelled and tainted', async (t) => {
  const node = await waitFor('cp-1 Ready', 120_000, async () => {
    const n = await c().getJson<NodeObj>(['node', NODE_NAME]);
    return ready(n) ? n : undefined;
  });
  t.is(node.status.nodeInfo.kubeletVersion, 'v1.20.2', 'registered by the real kubelet');
  t.regex(node.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\./);
  const withFields = await c().getJson<NodeObj>(['node', NODE_NAME, ...(await managedFieldsFlag(c()))]);
  const managers = (withFields.metadata.managedFields ?? []).map((f) => f.manager);
  t.true(managers.includes('kubelet'), `the kubelet wrote the Node (managers: ${managers.join(', ')})`);
  t.is(node.metadata.annotations['volumes.kubernetes.io/controller-managed-attach-detach'], 'true', 'set by the kubelet at registration');
  t.truthy(node.spec.podCIDR, 'the controller-manager gave it a podCIDR');
  t.regex(await readFile(join(c().node.containerd.cniConfDir, '10-mka-pods.conflist'), 'utf8'), new RegExp(node.spec.podCIDR!.replaceAll('.', '\\.')));
  t.is(node.metadata.labels['node-role.kubernetes.io/control-plane'], '');
  t.is(node.metadata.labels['node.kubernetes.io/exclude-from-external-load-balancers'], '');
  t.true((node.spec.taints ?? []).some((x) => x.key === 'node-role.kubernetes.io/control-plane' && x.effect === 'NoSchedule'));
  // NodeLocalCRISocket (the default version): the socket is in the node's instance-config.yaml, not a Node annotation.
  t.false('kubeadm.alpha.kubernetes.io/cri-socket' in node.metadata.annotations);
  t.regex(await readFile(join(c().kubeletDir, 'instance-config.yaml'), 'utf8'), new RegExp(`^containerRuntimeEndpoint: unix://${c().node.containerd.socket}$`, 'm'));
});

test.serial('every object is in the cluster, as init wrote it', async (t) => {
  for (const args of INIT_OBJECTS) {
    const spec = args[args.length - 1] === 'secret' ? [...args, `bootstrap-token-${TOKEN_ID}`] : args;
    await t.notThrowsAsync(c().getJson([...spec]), `kubectl get ${spec.join(' ')}`);
  }
  const kubeadmConfig = await c().getJson<{ data: { ClusterConfiguration: string } }>(['-n', 'kube-system', 'configmap', 'kubeadm-config']);
  const cc = parse(kubeadmConfig.data.ClusterConfiguration) as Record<string, unknown>;
  t.like(cc, { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', certificatesDir: join(c().kubernetesDir, 'pki'), clusterName: 'kubernetes' });
  const kubeletConfig = await c().getJson<{ data: { kubelet: string } }>(['-n', 'kube-system', 'configmap', 'kubelet-config']);
  // NodeLocalCRISocket: the node's config.yaml is the cluster's plus this node's containerRuntimeEndpoint.
  const local = parse(await readFile(join(c().kubeletDir, 'config.yaml'), 'utf8')) as Record<string, unknown>;
  t.is(local['containerRuntimeEndpoint'], `unix://${c().node.containerd.socket}`);
  delete local['containerRuntimeEndpoint'];
  t.deepEqual(parse(kubeletConfig.data.kubelet), local, 'the ConfigMap holds what kubelet-start wrote, without the node-local endpoint');

  const secret = await c().getJson<{ type: string; data: Record<string, string> }>(['-n', 'kube-system', 'secret', `bootstrap-token-${TOKEN_ID}`]);
  const data = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  t.is(secret.type, 'bootstrap.kubernetes.io/token');
  t.like(data, {
    'token-id': TOKEN_ID,
    'token-secret': TOKEN_SECRET,
    description: 'e2e',
    'usage-bootstrap-signing': 'true',
    'usage-bootstrap-authentication': 'true',
    'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
  });
  const hoursLeft = (Date.parse(data['expiration']!) - Date.now()) / 3_600_000;
  t.true(hoursLeft > 23 && hoursLeft <= 24, `expires in 24h (${hoursLeft.toFixed(2)}h)`);

  const svc = await c().getJson<{ spec: { clusterIP: string } }>(['-n', 'kube-system', 'service', 'kube-dns']);
  t.is(svc.spec.clusterIP, '10.96.0.10');

  const info = await c().getJson<{ data: Record<string, string> }>(['-n', 'kube-public', 'configmap', 'cluster-info']);
  const ca = (await readFile(c().caFile)).toString('base64');
  t.is(
    info.data['kubeconfig'],
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${ca}\n    server: ${c().server}\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`,
  );
});

test.serial('admin.conf is cluster-admin through kubeadm:cluster-admins, super-admin.conf through system:masters', async (t) => {
  for (const kubeconfig of [c().adminConf, c().superAdminConf]) {
    const r = await c().kubectl(['auth', 'can-i', '*', '*', '--all-namespaces'], { kubeconfig });
    t.is(r.stdout.trim(), 'yes', kubeconfig);
  }
  const subject = (file: string): string => execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: clientCert(file) }).toString().trim();
  t.is(subject(c().adminConf), 'subject=CN=kubernetes-admin,O=kubeadm:cluster-admins');
  t.is(subject(c().superAdminConf), 'subject=CN=kubernetes-super-admin,O=system:masters');
  // The same user without the group has no rights: they come from the kubeadm:cluster-admins binding.
  const review = async (groups: string[]): Promise<boolean> => {
    const sar = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'kubernetes-admin', groups, resourceAttributes: { verb: 'delete', resource: 'nodes' } } };
    const r = await c().kubectl(['create', '-f', '-', '-o', 'json'], { kubeconfig: c().superAdminConf, input: JSON.stringify(sar) });
    return (JSON.parse(r.stdout) as { status: { allowed: boolean } }).status.allowed;
  };
  t.true(await review(['kubeadm:cluster-admins']));
  t.false(await review([]));
});

function clientCert(kubeconfigPath: string): Buffer {
  const doc = parse(execFileSync('cat', [kubeconfigPath]).toString()) as { users: { user: { 'client-certificate-data': string } }[] };
  return Buffer.from(doc.users[0]!.user['client-certificate-data'], 'base64');
}

const asToken = (args: string[]): string[] => ['--server', c().server, '--certificate-authority', c().caFile, '--token', TOKEN, ...args];

test.serial('the bootstrap token authenticates as system:bootstrap:<id>', async (t) => {
  const denied = await c().kubectl(asToken(['get', 'secrets', '-n', 'kube-system']), { allowFailure: true });
  t.not(denied.exitCode, 0);
  t.regex(denied.stderr, new RegExp(`User "system:bootstrap:${TOKEN_ID}" cannot list resource "secrets"`));
  t.is((await c().kubectl(asToken(['auth', 'can-i', 'create', 'certificatesigningrequests.certificates.k8s.io']), { allowFailure: true })).stdout.trim(), 'yes');
  t.is((await c().kubectl(asToken(['auth', 'can-i', 'get', 'nodes']), { allowFailure: true })).stdout.trim(), 'yes');
  t.is((await c().kubectl(asToken(['get', '-n', 'kube-system', 'configmap', 'kubeadm-config', '-o', 'name']))).stdout.trim(), 'configmap/kubeadm-config');
  const wrong = await c().kubectl(['--server', c().server, '--certificate-authority', c().caFile, '--token', `${TOKEN_ID}.ffffffffffffffff`, 'get', 'nodes'], { allowFailure: true });
  t.regex(wrong.stderr, /Unauthorized/);
});

test.serial('the real controller-manager signs cluster-info and our JWS code verifies it', async (t) => {
  const key = `jws-kubeconfig-${TOKEN_ID}`;
  let data: Record<string, string> = {};
  for (let i = 0; i < 120 && data[key] === undefined; i++) {
    data = (await c().getJson<{ data: Record<string, string> }>(['-n', 'kube-public', 'configmap', 'cluster-info'])).data;
    if (data[key] === undefined) await new Promise((r) => setTimeout(r, 500));
  }
  t.truthy(data[key], `the bootstrapsigner added ${key}`);
  t.true(detachedSignatureIsValid(data[key]!, data['kubeconfig']!, TOKEN_ID, TOKEN_SECRET));
  t.is(data[key], computeDetachedSignature(data['kubeconfig']!, TOKEN_ID, TOKEN_SECRET));
  t.false(detachedSignatureIsValid(data[key]!, data['kubeconfig']!, TOKEN_ID, 'ffffffffffffffff'));
  // Anonymous users may read it (that is how joining nodes get it), and nothing else.
  const anon = async (path: string): Promise<string> =>
    (await c().exec('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', c().caFile, `${c().server}${path}`])).stdout;
  t.is(await anon('/api/v1/namespaces/kube-public/configmaps/cluster-info'), '200');
  t.is(await anon('/api/v1/namespaces/kube-system/configmaps/kubeadm-config'), '403');
});

test.serial('a node client CSR posted with the bootstrap token is approved and issued by the controller-manager', async (t) => {
  const key = join(c().dir, 'node.key');
  const csrPem = join(c().dir, 'node.csr');
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
  execFileSync('openssl', ['req', '-new', '-key', key, '-subj', `/O=system:nodes/CN=system:node:${NODE_NAME}`, '-out', csrPem]);
  const csr = {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'e2e-node-client' },
    spec: {
      request: (await readFile(csrPem)).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
      usages: ['digital signature', 'key encipherment', 'client auth'],
    },
  };
  await c().kubectl(asToken(['create', '-f', '-']), { input: JSON.stringify(csr) });
  type Csr = { spec: { username: string }; status: { certificate?: string; conditions?: { type: string; reason?: string }[] } };
  let got: Csr | undefined;
  for (let i = 0; i < 120 && !got?.status.certificate; i++) {
    got = await c().getJson<Csr>(['csr', 'e2e-node-client']);
    if (!got.status.certificate) await new Promise((r) => setTimeout(r, 500));
  }
  t.is(got!.spec.username, `system:bootstrap:${TOKEN_ID}`);
  t.true((got!.status.conditions ?? []).some((x) => x.type === 'Approved' && x.reason === 'AutoApproved'));
  t.truthy(got!.status.certificate, 'issued');
  const certFile = join(c().dir, 'node.crt');
  await writeFile(certFile, Buffer.from(got!.status.certificate!, 'base64'));
  t.regex(execFileSync('openssl', ['verify', '-CAfile', c().caFile, certFile]).toString(), /: OK/);
  const cert = new X509Certificate(await readFile(certFile));
  t.regex(cert.subject, /O=system:nodes/);
  t.regex(cert.subject, new RegExp(`CN=system:node:${NODE_NAME}`));
});

test.serial('kubectl logs and exec reach etcd through the kubelet, and etcd 3.5 answers /livez and /readyz', async (t) => {
  const pod = `etcd-${NODE_NAME}`;
  const logs = await c().kubectl(['-n', 'kube-system', 'logs', pod], { kubeconfig: c().adminConf });
  t.regex(logs.stdout + logs.stderr, /etcd/, 'the container log, read by the kubelet from the CRI log file');
  const version = await c().kubectl(['-n', 'kube-system', 'exec', pod, '--', 'etcd', '--version'], { kubeconfig: c().adminConf });
  t.regex(version.stdout, /etcd Version: 3\.5\.\d+/);
  const health = await c().kubectl(
    ['-n', 'kube-system', 'exec', pod, '--', 'etcdctl', '--endpoints=https://127.0.0.1:2379', `--cacert=${join(c().kubernetesDir, 'pki', 'etcd', 'ca.crt')}`,
      `--cert=${join(c().kubernetesDir, 'pki', 'etcd', 'healthcheck-client.crt')}`, `--key=${join(c().kubernetesDir, 'pki', 'etcd', 'healthcheck-client.key')}`, 'endpoint', 'health'],
    { kubeconfig: c().adminConf },
  );
  t.regex(health.stdout + health.stderr, /is healthy/, 'etcdctl inside the container talks to etcd with our healthcheck-client certificate');
  for (const path of ['/livez', '/readyz']) {
    const r = await c().exec('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:2381${path}`]);
    t.is(r.stdout, '200', `etcd ${path}`);
  }
});

test.serial('kubelet-finalize pointed kubelet.conf at kubelet-client-current.pem, a certificate the controller-manager issued to system:node:cp-1', async (t) => {
  const pem = join(c().kubeletDir, 'pki', 'kubelet-client-current.pem');
  const conf = parse(await readFile(join(c().kubernetesDir, 'kubelet.conf'), 'utf8')) as { users: { user: Record<string, string> }[] };
  t.is(conf.users[0]!.user['client-certificate'], pem);
  t.is(conf.users[0]!.user['client-key'], pem);
  t.false('client-certificate-data' in conf.users[0]!.user, 'no embedded certificate left');
  // The kubelet rotates the certificate minikubeadm gave it for one the controller-manager signs.
  type Csr = { metadata: { name: string }; spec: { username: string; signerName: string }; status: { certificate?: string; conditions?: { type: string }[] } };
  const issued = await waitFor('the kubelet\'s rotated client certificate', 120_000, async () => {
    const list = (await c().getJson<{ items: Csr[] }>(['csr'])).items.filter((x) => x.spec.username === `system:node:${NODE_NAME}` && x.spec.signerName === 'kubernetes.io/kube-apiserver-client-kubelet' && x.status.certificate);
    const current = new X509Certificate(await readFile(pem));
    const match = list.find((x) => new X509Certificate(Buffer.from(x.status.certificate!, 'base64')).serialNumber === current.serialNumber);
    return match ? { csr: match, cert: current } : undefined;
  });
  t.true((issued.csr.status.conditions ?? []).some((x) => x.type === 'Approved'));
  t.regex(issued.cert.subject, new RegExp(`CN=system:node:${NODE_NAME}`));
  t.true(issued.cert.checkIssued(new X509Certificate(await readFile(c().caFile))), 'signed by the cluster CA');
  // And the kubelet works with it: its Node keeps reporting.
  const node = await c().getJson<NodeObj>(['node', NODE_NAME]);
  t.true(ready(node));
});

test.serial('minikubeadm join with the command init printed: the kubelet\'s TLS bootstrap gets a certificate for system:node:worker-1, Node Ready', async (t) => {
  const t0 = Date.now();
  const joinArgs = printedJoinCommand(first!.stdout, 'worker');
  t.deepEqual(joinArgs.slice(0, 3), ['join', `${c().node.ip}:6443`, '--token']);
  const { node: worker, join: joined } = await c().addWorker(joinArgs, WORKER_NAME);
  t.is(joined.exitCode, 0, joined.stderr + joined.stdout);
  t.log(`join took ${joined.wallMs} ms`);
  for (const line of [
    '[preflight] Running pre-flight checks',
    '[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...',
    `[kubelet-start] Writing kubelet configuration to file "${join(worker.kubeletDir, 'config.yaml')}"`,
    `[kubelet-start] Writing kubelet environment file with flags to file "${join(worker.kubeletDir, 'kubeadm-flags.env')}"`,
    '[kubelet-start] Starting the kubelet',
    '[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz.',
    '[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap',
    'This node has joined the cluster:',
  ]) {
    t.true(joined.stdout.includes(line), `join printed: ${line}`);
  }
  t.false(joined.stdout.includes(TOKEN_SECRET) || joined.stderr.includes(TOKEN_SECRET), 'the token secret is not printed');
  // kubeadm's files: the CA, the kubelet's files; bootstrap-kubelet.conf (the token) is gone again.
  t.deepEqual(await readFile(join(worker.kubernetesDir, 'pki', 'ca.crt')), await readFile(c().caFile));
  await t.throwsAsync(readFile(join(worker.kubernetesDir, 'bootstrap-kubelet.conf')), { code: 'ENOENT' });
  const flags = await readFile(join(worker.kubeletDir, 'kubeadm-flags.env'), 'utf8');
  t.false(flags.includes('--container-runtime-endpoint='), 'NodeLocalCRISocket: the endpoint is in instance-config.yaml');
  t.regex(await readFile(join(worker.kubeletDir, 'instance-config.yaml'), 'utf8'), new RegExp(`^containerRuntimeEndpoint: unix://${worker.containerd.socket}$`, 'm'));
  t.regex(flags, /--hostname-override=worker-1/);
  const config = parse(await readFile(join(worker.kubeletDir, 'config.yaml'), 'utf8')) as { staticPodPath: string; authentication: { x509: { clientCAFile: string } } };
  t.is(config.staticPodPath, join(worker.kubernetesDir, 'manifests'), 'the cluster\'s kubelet-config, with this node\'s paths');
  t.is(config.authentication.x509.clientCAFile, join(worker.kubernetesDir, 'pki', 'ca.crt'));
  const node = await waitFor('worker-1 Ready', 180_000, async () => {
    const n = await c().getJson<NodeObj>(['node', WORKER_NAME]).catch(() => undefined);
    return n && ready(n) ? n : undefined;
  });
  t.log(`worker: node set up ${JSON.stringify(worker.timings)}, Ready ${Date.now() - t0} ms after the harness started`);
  t.is(node.status.nodeInfo.kubeletVersion, 'v1.20.2');
  t.falsy(node.metadata.labels['node-role.kubernetes.io/control-plane'], 'a worker, not a control plane');
  const pem = join(worker.kubeletDir, 'pki', 'kubelet-client-current.pem');
  const cert = new X509Certificate(await readFile(pem));
  t.regex(cert.subject, new RegExp(`CN=system:node:${WORKER_NAME}`));
  t.regex(cert.subject, /O=system:nodes/);
  t.true(cert.checkIssued(new X509Certificate(await readFile(c().caFile))), 'signed by the cluster CA');
  // The kubelet wrote its own kubelet.conf from the bootstrap one, pointing at that certificate.
  const conf = parse(await readFile(join(worker.kubernetesDir, 'kubelet.conf'), 'utf8')) as { users: { user: Record<string, string> }[] };
  t.is(conf.users[0]!.user['client-certificate'], pem);
  type Csr = { spec: { username: string; groups: string[] }; status: { conditions?: { type: string; reason?: string }[]; certificate?: string } };
  const csrs = (await c().getJson<{ items: Csr[] }>(['csr'])).items.filter((x) => x.spec.username === `system:bootstrap:${TOKEN_ID}` && x.status.certificate);
  t.true(
    csrs.some((x) => new X509Certificate(Buffer.from(x.status.certificate!, 'base64')).serialNumber === cert.serialNumber && (x.status.conditions ?? []).some((k) => k.type === 'Approved' && k.reason === 'AutoApproved')),
    'requested with the bootstrap token and auto-approved through kubeadm:node-autoapprove-bootstrap',
  );
});

test.serial('the kube-proxy DaemonSet runs a Pod on each node, and Pods on both nodes get addresses from their podCIDRs', async (t) => {
  const proxies = await waitFor('a Running kube-proxy Pod on both nodes', 180_000, async () => {
    const list = await pods('kube-system', 'k8s-app=kube-proxy');
    const running = list.filter((p) => p.status.phase === 'Running' && ready(p));
    return running.length === 2 ? running : undefined;
  });
  t.deepEqual(proxies.map((p) => p.spec.nodeName).sort(), [NODE_NAME, WORKER_NAME]);
  for (const p of proxies) t.is(p.status.containerStatuses?.[0]?.restartCount, 0, `${p.metadata.name} never restarted`);
  // kube-proxy programmed the Service rules inside each node's namespace (iptables mode).
  for (const node of [c().node, w()]) {
    const rules = await waitFor(`kube-proxy's rules on ${node.name}`, 60_000, async () => {
      const r = (await node.inside('iptables-save', ['-t', 'nat'])).stdout;
      return /default\/kubernetes:https/.test(r) ? r : undefined;
    });
    t.regex(rules, /^:KUBE-SERVICES /m, `${node.name}: kube-proxy's chains`);
    t.regex(rules, /default\/kubernetes:https/, `${node.name}: the kubernetes Service`);
  }
  // A Pod on each node, on the pod network (pause: the only image a worker holds besides kube-proxy).
  const podNames: string[] = [];
  for (const node of [NODE_NAME, WORKER_NAME]) {
    const name = `net-${node}`;
    podNames.push(name);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: {
        nodeName: node,
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
        containers: [{ name: 'c', image: c().refs.byComponent.pause!, imagePullPolicy: 'Never' }],
      },
    };
    await c().kubectl(['apply', '-f', '-'], { kubeconfig: c().adminConf, input: JSON.stringify(pod) });
  }
  const cidrs = Object.fromEntries(
    await Promise.all([NODE_NAME, WORKER_NAME].map(async (n) => [n, (await c().getJson<NodeObj>(['node', n])).spec.podCIDR!] as const)),
  );
  t.not(cidrs[NODE_NAME], cidrs[WORKER_NAME]);
  for (const name of podNames) {
    const p = await waitFor(`${name} Running`, 120_000, async () => {
      const x = await c().getJson<Pod>(['pod', '-n', 'default', name]);
      return x.status.phase === 'Running' && x.status.podIP ? x : undefined;
    });
    t.true(inCidr(p.status.podIP!, cidrs[p.spec.nodeName!]!), `${name} got ${p.status.podIP} from ${p.spec.nodeName}'s ${cidrs[p.spec.nodeName!]}`);
  }
  await c().kubectl(['delete', 'pod', '-n', 'default', '--wait=false', ...podNames], { kubeconfig: c().adminConf });
});

test.serial('CoreDNS: its objects and Service are there; its Pods get a sandbox and wait for an image no registry here can give', async (t) => {
  const deploy = await c().getJson<{ spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }>(['-n', 'kube-system', 'deployment', 'coredns']);
  t.is(deploy.spec.replicas, 2);
  const svc = await c().getJson<{ spec: { clusterIP: string; ports: { name: string; port: number }[] } }>(['-n', 'kube-system', 'service', 'kube-dns']);
  t.is(svc.spec.clusterIP, '10.96.0.10');
  t.deepEqual(svc.spec.ports.map((p) => `${p.name}/${p.port}`).sort(), ['dns-tcp/53', 'dns/53', 'metrics/9153']);
  const waiting = await waitFor('CoreDNS Pods waiting for their image', 180_000, async () => {
    const list = await pods('kube-system', 'k8s-app=kube-dns');
    const reasons = list.map((p) => p.status.containerStatuses?.[0]?.state['waiting']?.reason);
    return list.length === 2 && reasons.every((r) => r === 'ImagePullBackOff' || r === 'ErrImagePull') && list.every((p) => p.status.podIP) ? list : undefined;
  });
  for (const p of waiting) t.truthy(p.status.podIP, `${p.metadata.name} has a pod address (its sandbox runs)`);
});

test.serial('the join doctor on a real API server: an endpoint cluster-info does not advertise and that the certificate does not name', async (t) => {
  // On cp-1, 127.0.0.1:6443 reaches the API server, but cluster-info advertises the node's address
  // and the serving certificate does not name 127.0.0.1.
  const base = ['join', '127.0.0.1:6443', '--token', TOKEN, '--node-name', 'doctor', '--ignore-preflight-errors=all'];
  const report = await minikubeadm(c().node, ['join', 'phase', 'preflight', ...base.slice(1), '--discovery-token-unsafe-skip-ca-verification', '-o', 'json']);
  t.is(report.exitCode, 0, report.stderr);
  const parsed = JSON.parse(report.stdout) as { kind: string; passed: boolean; doctor: { typed: { endpoint: string; certificate: { coversHost: boolean; sans: string[] } }; uses: { endpoint: string; reachable: boolean }; problems: { message: string; hint: string }[] } };
  t.is(parsed.kind, 'JoinPreflightReport');
  t.true(parsed.passed);
  t.is(parsed.doctor.typed.endpoint, '127.0.0.1:6443');
  t.false(parsed.doctor.typed.certificate.coversHost);
  t.true(parsed.doctor.typed.certificate.sans.includes(c().node.ip));
  t.deepEqual(parsed.doctor.uses, { endpoint: `${c().node.ip}:6443`, reachable: true, certificate: { sans: parsed.doctor.typed.certificate.sans, coversHost: true, signedByClusterCA: true } } as never);
  const [sans, advertised] = parsed.doctor.problems;
  t.regex(sans!.message, /the API server certificate presented at 127\.0\.0\.1:6443 is not valid for "127\.0\.0\.1"/);
  t.regex(sans!.hint, /certSANs/);
  t.regex(advertised!.message, new RegExp(`cluster-info advertises the API server https://${c().node.ip.replaceAll('.', '\\.')}:6443, not the 127\\.0\\.0\\.1:6443 you typed`));
  t.regex(advertised!.hint, /controlPlaneEndpoint/);
  // The whole join under --dry-run prints the report as warnings and writes nothing.
  const dry = await minikubeadm(c().node, [...base, '--discovery-token-unsafe-skip-ca-verification', '--dry-run']);
  t.is(dry.exitCode, 0, dry.stderr);
  t.regex(dry.stdout, /\[join-doctor\] API server used 10\.\d+\.\d+\.\d+:6443: reachable, certificate for \[/);
  t.regex(dry.stdout, /\[join-doctor\] WARNING: the API server certificate presented at 127\.0\.0\.1:6443 is not valid for "127\.0\.0\.1"/);
  t.regex(dry.stdout, /\[dryrun\] Finished dry-running successfully/);
  // Pinned, the second (verified) request to 127.0.0.1 fails: the same cause, as an error.
  const pin = (/--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})/.exec(first!.stdout) ?? [])[1]!;
  const pinned = await minikubeadm(c().node, [...base, '--discovery-token-ca-cert-hash', pin, '--dry-run']);
  t.is(pinned.exitCode, 1);
  t.regex(pinned.stderr, /the API server's certificate is signed by the pinned CA but is not valid for the address you typed \(127\.0\.0\.1:6443\): it is valid for /);
  const wrongPin = await minikubeadm(c().node, ['join', `${c().node.ip}:6443`, '--token', TOKEN, '--discovery-token-ca-cert-hash', `sha256:${'0'.repeat(64)}`, '--node-name', 'doctor', '--ignore-preflight-errors=all', '--dry-run']);
  t.is(wrongPin.exitCode, 1);
  t.regex(wrongPin.stderr, /cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "sha256:[0-9a-f]{64}" are pinned/);
});

test.serial('a control-plane join into a cluster without controlPlaneEndpoint is refused with kubeadm\'s conditions', async (t) => {
  const args = [...printedJoinCommand(first!.stdout, 'worker'), '--control-plane', '--node-name', 'cp-x', '--apiserver-advertise-address', w().ip, '--ignore-preflight-errors=all', '--dry-run'];
  const r = await minikubeadm(w(), args);
  t.is(r.exitCode, 1, r.stdout);
  t.true(r.stderr.includes("One or more conditions for hosting a new control plane instance is not satisfied.\n\nunable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address"), r.stderr);
  t.true(r.stderr.includes('* The cluster has a stable controlPlaneEndpoint address.'));
});

test.serial('a second init on the same node changes nothing and succeeds', async (t) => {
  // The kubelet's own files (its root dir holds pods, plugins, certificates) move on their own;
  // minikubeadm owns the Kubernetes dir and the two files kubelet-start writes.
  const owned = async () => ({ ...(await snapshotFiles(c().kubernetesDir)), ...(await snapshotFiles(c().kubeletDir, ['config.yaml', 'kubeadm-flags.env', 'instance-config.yaml'])) });
  const files = await owned();
  const kubeletPid = await readFile(c().node.service.pidFile, 'utf8');
  const objects = await snapshotObjects(c(), `bootstrap-token-${TOKEN_ID}`);
  // managedFields times have second resolution: start the second run in a later second.
  await new Promise((r) => setTimeout(r, 1_100));
  const again = await c().init([c().preflightIgnores('again')]);
  t.is(again.exitCode, 0, again.stderr + again.stdout);
  t.deepEqual(await owned(), files, 'no file byte, mode or mtime changed');
  t.true(again.stdout.includes('The kubelet is running and its configuration is unchanged: not restarting it'));
  t.is(await readFile(c().node.service.pidFile, 'utf8'), kubeletPid, 'the same kubelet still runs');
  const after = await snapshotObjects(c(), `bootstrap-token-${TOKEN_ID}`);
  for (const [what, before] of Object.entries(objects)) {
    const now = after[what]!;
    t.is(now.generation, before.generation, `${what}: same generation`);
    if (/^(-n kube-system (deployment|daemonset)|node) /.test(what)) {
      // Controllers update these objects' status on their own, so their resourceVersion moves;
      // managedFields tell whether minikubeadm (its user agent) wrote them again.
      t.truthy(before.lastWrittenByUs, `${what}: managedFields record minikubeadm's first write, so a second one would show`);
      t.is(now.lastWrittenByUs, before.lastWrittenByUs, `${what}: not written by the second init`);
    } else {
      t.is(now.resourceVersion, before.resourceVersion, `${what}: same resourceVersion`);
    }
  }
  const mirror = (await pods('kube-system')).filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror']);
  t.is(mirror.length, 4);
  for (const p of mirror) t.is(p.status.containerStatuses?.[0]?.restartCount, 0, `${p.metadata.name} was not restarted`);
});

test.serial('without a token in the config, init reuses the cluster\'s token instead of adding another', async (t) => {
  const config = join(c().dir, 'no-token.yaml');
  // The same token spec (description, default usages and groups), without the token string.
  const text = configText(c().node, c().dir, TOKEN, c().node.containerd.socket).replace(/- token: .*\n {2}description: e2e\n/, '- description: e2e\n');
  t.notRegex(text, /token:/, 'the config gives no token string');
  await writeFile(config, text);
  const run = await c().init([c().preflightIgnores('again')], config);
  t.is(run.exitCode, 0, run.stderr + run.stdout);
  const secrets = await c().getJson<{ items: { metadata: { name: string } }[] }>(['-n', 'kube-system', 'secrets', '--field-selector', 'type=bootstrap.kubernetes.io/token']);
  t.deepEqual(secrets.items.map((s) => s.metadata.name), [`bootstrap-token-${TOKEN_ID}`]);
  t.true(run.stdout.includes(`--token ${TOKEN}`), 'the join command names the existing token');
});

// Day-2 commands on the same cluster, after the tests above (each leaves the cluster as it found
// it, except the two resets, which come last).

const onCp1 = (...args: string[]): Promise<CommandRun> => minikubeadm(c().node, args, { kubelet: false });

function embeddedCert(kubeconfig: string): X509Certificate {
  const doc = parse(kubeconfig) as { users: { user: { 'client-certificate-data': string } }[] };
  return new X509Certificate(Buffer.from(doc.users[0]!.user['client-certificate-data'], 'base64'));
}

/** Every file under `root`, relative to it (none when it is gone). */
async function filesUnder(root: string): Promise<string[]> {
  try {
    return Object.keys(await snapshotFiles(root)).map((f) => relative(root, f)).sort();
  } catch {
    return [];
  }
}

test.serial('token create, list and delete against the real API server: the token authenticates, cluster-info gets its signature, a deleted one stops working', async (t) => {
  const created = await onCp1('token', 'create', '--ttl', '2h', '--description', 'day-2 e2e', '--print-join-command');
  t.is(created.exitCode, 0, created.stderr);
  const m = /^minikubeadm join (\S+) --token ([a-z0-9]{6})\.([a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[0-9a-f]{64}) $/.exec(created.stdout.trim() + ' ');
  t.truthy(m, created.stdout);
  const [, endpoint, id, secret, hash] = m!;
  t.is(endpoint, `${c().node.ip}:6443`);
  t.is(hash, `sha256:${createHash('sha256').update(new X509Certificate(await readFile(c().caFile)).publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`, 'the pin of the cluster CA');
  const token = `${id}.${secret}`;
  t.false(created.stderr.includes(secret!), 'the secret is printed once, in the join command, and never logged');

  const stored = await c().getJson<{ type: string; data: Record<string, string> }>(['-n', 'kube-system', 'secret', `bootstrap-token-${id}`]);
  t.is(stored.type, 'bootstrap.kubernetes.io/token');
  t.is(Buffer.from(stored.data['description']!, 'base64').toString(), 'day-2 e2e');

  const list = await onCp1('token', 'list');
  t.is(list.exitCode, 0, list.stderr);
  t.regex(list.stdout, /^TOKEN +TTL +EXPIRES +USAGES +DESCRIPTION +EXTRA GROUPS$/m);
  t.regex(list.stdout, new RegExp(`^${token} +1h +\\S+Z +authentication,signing +day-2 e2e +system:bootstrappers:kubeadm:default-node-token$`, 'm'));
  t.regex(list.stdout, new RegExp(`^${TOKEN} +23h `, 'm'), "init's token is listed too");
  const json = await onCp1('token', 'list', '-o', 'json');
  const objects = json.stdout.split(/\n(?=\{)/).map((s) => JSON.parse(s) as Record<string, unknown>);
  t.true(objects.some((o) => o['token'] === token && o['kind'] === 'BootstrapToken' && o['description'] === 'day-2 e2e'));

  const asToken = ['--server', c().server, '--certificate-authority', c().caFile, '--token', token];
  const nodes = await c().kubectl([...asToken, 'get', 'node', NODE_NAME, '-o', 'name'], { allowFailure: true });
  t.is(nodes.stdout.trim(), `node/${NODE_NAME}`, nodes.stderr);
  const signed = await waitFor(`cluster-info signed for ${id}`, 60_000, async () => {
    const data = (await c().getJson<{ data: Record<string, string> }>(['-n', 'kube-public', 'configmap', 'cluster-info'])).data;
    return data[`jws-kubeconfig-${id}`] === undefined ? undefined : data;
  });
  t.true(detachedSignatureIsValid(signed[`jws-kubeconfig-${id}`]!, signed['kubeconfig']!, id!, secret!), 'the controller-manager signed cluster-info for the new token');

  const deleted = await onCp1('token', 'delete', id!);
  t.is(deleted.exitCode, 0, deleted.stderr);
  t.is(deleted.stdout.trim(), `bootstrap token "${id}" deleted`);
  await waitFor('the deleted token to stop authenticating', 30_000, async () =>
    /Unauthorized/.test((await c().kubectl([...asToken, 'get', 'node', NODE_NAME], { allowFailure: true })).stderr) || undefined,
  );
  const again = await onCp1('token', 'delete', id!);
  t.is(again.exitCode, 1);
  t.regex(again.stderr, new RegExp(`failed to delete bootstrap token "${id}"`));
});

test.serial('certs renew admin.conf keeps its identity and it still works; check-expiration sees nothing expiring within 30 days', async (t) => {
  const before = embeddedCert(await readFile(c().adminConf, 'utf8'));
  const r = await onCp1('certs', 'renew', 'admin.conf');
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /^\[renew\] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"\.\.\.$/m);
  t.notRegex(r.stdout, /Falling back/, "the cluster's configuration was read");
  t.regex(r.stdout, /^certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself renewed$/m);
  const after = embeddedCert(await readFile(c().adminConf, 'utf8'));
  t.not(after.fingerprint256, before.fingerprint256);
  t.is(after.subject, before.subject);
  const can = await c().kubectl(['auth', 'can-i', '*', '*', '--all-namespaces'], { kubeconfig: c().adminConf });
  t.is(can.stdout.trim(), 'yes', 'the renewed identity is still cluster-admin');
  const check = await onCp1('certs', 'check-expiration', '--warn-within', '720h');
  t.is(check.exitCode, 0, `nothing expires within 30 days: ${check.stderr}`);
  t.regex(check.stdout, /^admin\.conf +\S+ \S+ \S+ \S+ UTC +\d+d +ca +no *$/m);
  const soon = await onCp1('certs', 'check-expiration', '--warn-within', `${400 * 24}h`);
  t.is(soon.exitCode, 2, 'everything expires within 400 days: exit 2 for monitoring');
});

test.serial('reset on the worker: its kubelet stops and what join wrote is gone; the control plane is untouched', async (t) => {
  const worker = w();
  t.true((await filesUnder(worker.kubernetesDir)).includes('kubelet.conf'));
  const r = await minikubeadm(worker, ['reset', '--force', '-v', '1']);
  t.is(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
  t.regex(r.stdout, /\[reset\] Stopping the kubelet service\n/);
  t.is((await worker.kubeletService('is-active')).exitCode, 3, 'the kubelet is stopped');
  t.deepEqual(await filesUnder(worker.kubernetesDir), [], 'kubelet.conf, the CA and the manifests dir are gone');
  t.deepEqual(await filesUnder(worker.kubeletDir), [], "the kubelet's files and its rotated certificates are gone");
  t.regex(r.stdout, /The reset process does not clean CNI configuration\. To do so, you must remove \/etc\/cni\/net\.d/);
  const nodes = await c().kubectl(['get', 'nodes', '-o', 'name'], { kubeconfig: c().adminConf });
  t.regex(nodes.stdout, new RegExp(`^node/${NODE_NAME}$`, 'm'), 'the API server still answers');
});

test.serial('reset on cp-1, the only etcd member: nothing init wrote remains, the kubelet is stopped, and reset says what it left', async (t) => {
  const etcdData = join(c().dir, 'etcd-data');
  t.true((await filesUnder(etcdData)).length > 0 && (await filesUnder(c().kubernetesDir)).includes('pki/ca.key'), 'init wrote its files');
  await writeFile(join(c().kubernetesDir, 'audit-policy.yaml'), 'not written by init\n');
  const r = await minikubeadm(c().node, ['reset', '--force', '-v', '1']);
  t.is(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
  t.regex(r.stderr, /\[etcd\] This is the only remaining etcd member in the etcd cluster, skip removing it/);
  t.true(r.stdout.includes(`[reset] Deleted contents of the etcd data directory: ${etcdData}\n`));
  t.is((await c().node.kubeletService('is-active')).exitCode, 3, 'the kubelet is stopped');
  // These nodes have no crictl (Debian ships none): reset says so and leaves the containers to the operator.
  t.regex(r.stdout + r.stderr, /Failed to remove containers: crictl is not on PATH/);
  const left = await filesUnder(c().kubernetesDir);
  t.deepEqual(left.filter((f) => !f.startsWith('tmp/')), ['audit-policy.yaml'], 'of the Kubernetes dir, only what init did not write is left');
  // Without --cleanup-tmp-dir, as in kubeadm, tmp/ stays: the backup certs renew made above survives.
  t.deepEqual(left.filter((f) => f.startsWith('tmp/')).map((f) => f.replace(/\d{4}(-\d\d){5}/, '<time>')), ['tmp/kubeadm-backup-certs-<time>/admin.conf']);
  t.deepEqual(await filesUnder(c().kubeletDir), []);
  t.deepEqual(await filesUnder(etcdData), []);
  t.regex(r.stdout, /Please, check the contents of the \$HOME\/\.kube\/config file\.$/m);
});
