// Interoperability with real kubeadm v1.20.2 (the cached build), both ways, on real nodes.
//
// A. A control plane made by `kubeadm init` (v1beta2 config) on a node with kubeadm's standard
//    paths. minikubeadm discovers it with the command kubeadm printed (cluster-info signed by its
//    controller-manager, the CA pinned): `join phase kubelet-start` alone writes pki/ca.crt and a
//    bootstrap-kubelet.conf that creates a CSR; a control-plane join is refused before writing
//    anything (the cluster runs kubeadm.k8s.io/v1beta2); a worker join reads kubelet-config-1.20,
//    its kubelet completes the TLS bootstrap against kubeadm's cluster and the Node turns Ready.
// B. A cluster made by `minikubeadm init --upload-certs`. Real kubeadm's token discovery accepts
//    it (JWS and pin verified by kubeadm itself) and then stops at the v1beta4 configuration, as
//    expected; and kubeadm's download-certs decrypts the kubeadm-certs Secret minikubeadm wrote,
//    writing files identical to cp-1's.
// The kubeadm cluster is stopped before the minikubeadm one starts: one cluster runs at a time.
import { X509Certificate, createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { parse } from 'yaml';
import { listNetns, runInNetns } from './harness/netns.js';
import { missingKubernetesBinaries } from './harness/paths.js';
import { type CommandRun, InitCluster, execOn, minikubeadm, printedJoinCommand, waitFor } from './init/cluster.js';
import { type NodeObj, type Pod, ready } from './init/objects.js';
import { CLUSTER_MAX_PODS, ETCD_IMAGE_REPOSITORY, ETCD_IMAGE_TAG, KUBEADM_NODE, KubeadmControlPlane, RESTARTING_STEPS, kubeadmOn, printedKubeadmJoin } from './kubeadm/control-plane.js';
import { TEMPORARY_OBJECTS, withV1beta2Configuration } from './kubeadm/older-config.js';
import { leftovers } from './nodes/leftovers.js';
import { RealNode } from './nodes/node.js';

const KUBEADM_TOKEN_ID = 'e2eka0';
const KUBEADM_TOKEN = `${KUBEADM_TOKEN_ID}.0123456789e2eka0`;
const MKA_TOKEN = 'e2eib0.0123456789e2eib0';
const WORKER = 'kworker-1';
/** Would-be control plane (refused), and a node that runs `join phase kubelet-start` alone. */
const REFUSED = 'kcp-2';
const PHASE_ONLY = 'kspare-1';
const SHARED_FILES = ['ca.crt', 'ca.key', 'sa.key', 'sa.pub', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'etcd/ca.crt', 'etcd/ca.key'] as const;

interface Csr {
  metadata: { name: string };
  spec: { username: string; groups: string[]; signerName: string; request: string; usages: string[] };
  status: { conditions?: { type: string; reason?: string; status?: string }[]; certificate?: string };
}

let kubeadm: KubeadmControlPlane | undefined;
let kubeadmInit: Awaited<ReturnType<KubeadmControlPlane['init']>> | undefined;
let mka: { cluster: InitCluster; init: CommandRun } | undefined;
let mkaSetUp: Promise<{ cluster: InitCluster; init: CommandRun }> | undefined;
let failed = false;

const k = (): KubeadmControlPlane => {
  if (!kubeadm || kubeadmInit?.init.exitCode !== 0) throw new Error('the kubeadm control plane was not set up (see the before hook and the first test)');
  return kubeadm;
};
const joinArgs = (): string[] => printedKubeadmJoin(kubeadmInit!.init.stdout);

/** kubeadm's CA, as kubeadm wrote it on its node. */
const kubeadmCa = (): Promise<Buffer> => readFile(k().node.hostPath('/etc/kubernetes/pki/ca.crt'));

/** Every file under a minikubeadm node's kubernetes and kubelet directories. */
async function filesOf(n: RealNode): Promise<string[]> {
  const list = async (d: string): Promise<string[]> => (await readdir(d, { recursive: true }).catch(() => [])).map((f) => join(d, String(f)));
  return [...(await list(n.kubernetesDir)), ...(await list(n.kubeletDir))];
}

/** The subject of a PEM certificate request, with openssl (RFC 2253, e.g. "CN=system:node:x,O=system:nodes"). */
async function csrSubject(pem: string): Promise<string> {
  const r = await execa('openssl', ['req', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: pem });
  return String(r.stdout).replace(/^subject=/, '').trim();
}

async function csrs(): Promise<Csr[]> {
  return (await k().getJson<{ items: Csr[] }>(['csr'])).items;
}

/** The CSR made by `user` for `commonName`, once approved and signed. */
async function issuedCsr(user: string, commonName: string, timeoutMs = 60_000): Promise<{ csr: Csr; cert: X509Certificate }> {
  return waitFor(`an issued CSR of ${user} for ${commonName}`, timeoutMs, async () => {
    for (const csr of await csrs()) {
      if (csr.spec.username !== user || !csr.status.certificate) continue;
      const subject = await csrSubject(Buffer.from(csr.spec.request, 'base64').toString());
      if (subject.split(',').includes(`CN=${commonName}`)) return { csr, cert: new X509Certificate(Buffer.from(csr.status.certificate, 'base64')) };
    }
    return undefined;
  });
}

async function stopKubeadm(): Promise<void> {
  if (!kubeadm) return;
  const left = await kubeadm.stop({ keepFiles: failed });
  if (left.length > 0) throw new Error(`the kubeadm cluster's teardown left ${left.join(', ')}`);
}

/** The minikubeadm cluster of part B, set up once, after the kubeadm cluster is gone. */
function minikubeadmCluster(): Promise<{ cluster: InitCluster; init: CommandRun }> {
  mkaSetUp ??= (async () => {
    await stopKubeadm();
    const cluster = await InitCluster.create({ token: MKA_TOKEN, controlPlaneEndpoint: true });
    const init = await cluster.init(['--upload-certs', cluster.preflightIgnores('first')]);
    mka = { cluster, init };
    if (init.exitCode !== 0) throw new Error(`minikubeadm init --upload-certs failed: ${init.stderr}${init.stdout}`);
    await waitFor('cp-1 serving', 120_000, async () => ((await cluster.kubectl(['get', '--raw', '/readyz'], { kubeconfig: cluster.adminConf, allowFailure: true })).stdout.trim() === 'ok' ? true : undefined));
    return mka;
  })();
  return mkaSetUp;
}

test.before(async (t) => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing binaries ${missing.join(', ')}: run test/e2e/provision/provision.sh`);
  const t0 = Date.now();
  kubeadm = await KubeadmControlPlane.create({ token: KUBEADM_TOKEN });
  t.log(`${KUBEADM_NODE} (${kubeadm.node.ip}) set up in ${Date.now() - t0} ms, files in ${kubeadm.run.dir}`);
  kubeadm.giveNodePodNetwork(kubeadm.node);
  kubeadmInit = await kubeadm.init();
  t.log(`kubeadm init took ${kubeadmInit.init.wallMs} ms`);
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  const prefixes = [kubeadm?.run.prefix, mka?.cluster.run.prefix].filter((p): p is string => p !== undefined);
  if (kubeadm) t.deepEqual(await kubeadm.stop({ keepFiles: failed }), [], 'the kubeadm cluster left nothing');
  if (mka) t.deepEqual(await mka.cluster.stop({ keepFiles: failed }), [], 'the minikubeadm cluster left nothing');
  for (const prefix of prefixes) {
    t.deepEqual((await listNetns()).filter((ns) => ns.startsWith(prefix)), [], 'no network namespace of this run is left');
    t.deepEqual(leftovers(prefix), { netns: [], cgroups: [], mounts: [], processes: [] }, 'no process, mount, namespace or cgroup of this run is left');
  }
  if (failed) t.log(`kept ${[kubeadm?.run.dir, mka?.cluster.dir].filter(Boolean).join(' and ')} (logs under nodes/*/logs)`);
});

test.serial('A: real kubeadm v1.20.2 init makes a control plane on a real node, the harness standing in for systemd', async (t) => {
  const run = kubeadmInit!.init;
  t.is(run.exitCode, 0, `${run.stderr}\n${run.stdout}`);
  if (run.exitCode !== 0) return;
  // kubeadm asked the init system to (re)start the kubelet twice, found no systemd, and the harness did it.
  t.deepEqual(kubeadmInit!.restarts.map((r) => [r.after, r.exitCode]), RESTARTING_STEPS.map((step) => [step, 0]), JSON.stringify(kubeadmInit!.restarts));
  for (const line of [
    '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"',
    '[kubelet-start] Starting the kubelet',
    '[kubelet-start] WARNING: unable to start the kubelet service: [failed to reload systemd: exit status 1]',
    '[apiclient] All control plane components are healthy after',
    '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
    '[kubelet] Creating a ConfigMap "kubelet-config-1.20" in namespace kube-system with the configuration for the kubelets in the cluster',
    '[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace',
    'Your Kubernetes control-plane has initialized successfully!',
  ]) {
    t.true(run.stdout.includes(line), `kubeadm printed: ${line}`);
  }
  // kubeadm's files are in the node's overlay of /etc and /var/lib, nowhere else.
  for (const f of ['/etc/kubernetes/admin.conf', '/etc/kubernetes/pki/ca.key', '/etc/kubernetes/manifests/etcd.yaml', '/var/lib/kubelet/config.yaml']) {
    t.true(existsSync(k().node.hostPath(f)), `${f} is in ${KUBEADM_NODE}'s overlay`);
  }
  // kubeadm's manifests run on our images: etcd 3.5 with kubeadm 1.20's flags, Ready only once its
  // startup probe (/health on the metrics port) passed; the images under kubeadm's names.
  const mirror = await waitFor('the four static Pods kubeadm wrote, Ready', 180_000, async () => {
    const list = (await k().getJson<{ items: Pod[] }>(['pods', '-n', 'kube-system'])).items.filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror']);
    return list.length === 4 && list.every(ready) ? list : undefined;
  });
  t.deepEqual(mirror.map((p) => p.metadata.name).sort(), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((n) => `${n}-${KUBEADM_NODE}`));
  for (const p of mirror) t.is(p.status.containerStatuses?.[0]?.restartCount, 0, `${p.metadata.name} never restarted`);
  const etcd = mirror.find((p) => p.metadata.name.startsWith('etcd-'))!;
  t.is(etcd.status.containerStatuses?.[0]?.image, `${ETCD_IMAGE_REPOSITORY}/etcd:${ETCD_IMAGE_TAG}`);
  const node = await waitFor(`${KUBEADM_NODE} Ready`, 120_000, async () => {
    const n = await k().getJson<NodeObj>(['node', KUBEADM_NODE]).catch(() => undefined);
    return n && ready(n) ? n : undefined;
  });
  t.is(node.status.nodeInfo.kubeletVersion, 'v1.20.2');
  t.is(node.metadata.labels['node-role.kubernetes.io/master'], '', 'marked by kubeadm 1.20');
  const cc = parse((await k().getJson<{ data: { ClusterConfiguration: string } }>(['-n', 'kube-system', 'configmap', 'kubeadm-config'])).data.ClusterConfiguration) as Record<string, unknown>;
  t.like(cc, { apiVersion: 'kubeadm.k8s.io/v1beta2', kind: 'ClusterConfiguration', kubernetesVersion: 'v1.20.2' });
  const info = await waitFor('cluster-info signed for the token', 60_000, async () => {
    const cm = await k().getJson<{ data: Record<string, string> }>(['-n', 'kube-public', 'configmap', 'cluster-info']);
    return cm.data[`jws-kubeconfig-${KUBEADM_TOKEN_ID}`] ? cm : undefined;
  });
  t.truthy(info.data['kubeconfig']);
  t.deepEqual(joinArgs().slice(0, 4), ['join', `${k().node.ip}:6443`, '--token', KUBEADM_TOKEN]);
  t.regex(joinArgs().join(' '), / --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}$/);
});

test.serial('A: a control-plane join into the v1.20 cluster is refused, naming v1beta2 and the version, and writes nothing', async (t) => {
  const spare = await k().addNode(REFUSED);
  const r = await minikubeadm(spare, [
    ...joinArgs(),
    '--control-plane',
    '--node-name',
    REFUSED,
    '--cri-socket',
    `unix://${spare.containerd.socket}`,
    '--apiserver-advertise-address',
    spare.ip,
    '--ignore-preflight-errors=KubeletVersion',
  ]);
  t.is(r.exitCode, 1, r.stdout + r.stderr);
  t.true(r.stderr.includes("cannot use the cluster's configuration (a kubeadm.k8s.io/v1beta2 configuration of Kubernetes v1.20.2)"), r.stderr);
  t.true(r.stderr.includes('a control plane joins only clusters this minikubeadm can run (kubeadm.k8s.io/v1beta3 or v1beta4'), r.stderr);
  t.true(r.stderr.includes('join a worker instead'), r.stderr);
  t.deepEqual(await filesOf(spare), [], 'nothing written');
});

test.serial('A: `minikubeadm join phase kubelet-start` alone writes pki/ca.crt and a bootstrap-kubelet.conf that creates CSRs in the kubeadm cluster', async (t) => {
  const spare = await k().addNode(PHASE_ONLY);
  const name = spare.name;
  const r = await minikubeadm(spare, ['join', 'phase', 'kubelet-start', ...joinArgs().slice(1), '--node-name', name, '--cri-socket', `unix://${spare.containerd.socket}`]);
  // The phase (re)starts the kubelet; this test needs only the files it wrote.
  await spare.kubeletService('stop');
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  t.deepEqual(await readFile(join(spare.kubernetesDir, 'pki', 'ca.crt')), await kubeadmCa(), 'pki/ca.crt is the CA kubeadm made (pinned by the hash kubeadm printed)');
  const conf = join(spare.kubernetesDir, 'bootstrap-kubelet.conf');
  const kc = parse(await readFile(conf, 'utf8')) as { clusters: { name: string; cluster: { server: string } }[]; users: { user: { token: string } }[] };
  t.deepEqual(kc.clusters.map((c) => [c.name, c.cluster.server]), [['kubernetes', `https://${k().node.ip}:6443`]]);
  t.is(kc.users[0]?.user.token, KUBEADM_TOKEN);
  t.true(existsSync(join(spare.kubeletDir, 'config.yaml')));

  // A kubelet client CSR for a key of our own, sent with that file alone.
  const csrName = `e2e-${name}`;
  const key = join(spare.dir, 'csr.key');
  const req = await execOn(spare, 'openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-subj', `/O=system:nodes/CN=system:node:${csrName}`]);
  t.is(req.exitCode, 0, req.stderr);
  const csr = {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: csrName },
    spec: { request: Buffer.from(req.stdout).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'key encipherment', 'client auth'] },
  };
  const created = await execOn(spare, 'kubectl', [`--cache-dir=${join(spare.dir, 'kubectl-cache')}`, '--kubeconfig', conf, 'create', '-f', '-'], { input: JSON.stringify(csr) });
  t.is(created.exitCode, 0, created.stderr);
  // kubeadm's RBAC lets the token's group auto-approve node client CSRs; its controller-manager signs them.
  const { csr: issued, cert } = await issuedCsr(`system:bootstrap:${KUBEADM_TOKEN_ID}`, `system:node:${csrName}`);
  t.is(issued.metadata.name, csrName);
  t.true(issued.spec.groups.includes('system:bootstrappers:kubeadm:default-node-token'));
  t.true((issued.status.conditions ?? []).some((c) => c.type === 'Approved' && c.reason === 'AutoApproved'));
  t.true(cert.verify(new X509Certificate(await kubeadmCa()).publicKey), 'signed by kubeadm\'s CA');
  t.true(cert.publicKey.equals(createPublicKey(await readFile(key))), 'for our key');
});

test.serial('A: a worker joins the kubeadm cluster with minikubeadm: kubelet-config-1.20, its own TLS bootstrap, Node Ready', async (t) => {
  const t0 = Date.now();
  const worker = await k().addNode(WORKER);
  k().giveNodePodNetwork(worker);
  const r = await minikubeadm(worker, [
    ...joinArgs(),
    '--node-name',
    WORKER,
    '--cri-socket',
    `unix://${worker.containerd.socket}`,
    // The kubelet is the cached v1.20.2 one, older than the Kubernetes this minikubeadm targets.
    '--ignore-preflight-errors=KubeletVersion',
  ]);
  await writeFile(join(worker.logDir, 'join.log'), `${r.stdout}\n--- stderr\n${r.stderr}\n`);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  t.log(`join took ${r.wallMs} ms`);
  const out = r.stdout + r.stderr;
  t.true(out.includes("the cluster's kubeadm-config is kubeadm.k8s.io/v1beta2 (Kubernetes v1.20.2), which this minikubeadm does not run; joining as a worker with only its clusterName, imageRepository and kubernetesVersion"), out);
  t.true(r.stdout.includes('This node has joined the cluster:'), r.stdout);
  t.deepEqual(await readFile(join(worker.kubernetesDir, 'pki', 'ca.crt')), await kubeadmCa());
  t.false(existsSync(join(worker.kubernetesDir, 'bootstrap-kubelet.conf')), 'bootstrap-kubelet.conf is removed after the TLS bootstrap');
  const config = parse(await readFile(join(worker.kubeletDir, 'config.yaml'), 'utf8')) as { maxPods?: number; staticPodPath?: string };
  t.is(config.maxPods, CLUSTER_MAX_PODS, 'config.yaml holds the cluster\'s KubeletConfiguration (kubelet-config-1.20)');
  t.is(config.staticPodPath, join(worker.kubernetesDir, 'manifests'));

  // The kubelet's own CSR, sent with the bootstrap token, approved and signed by kubeadm's cluster.
  const { csr, cert } = await issuedCsr(`system:bootstrap:${KUBEADM_TOKEN_ID}`, `system:node:${WORKER}`);
  t.is(csr.spec.signerName, 'kubernetes.io/kube-apiserver-client-kubelet');
  t.true((csr.status.conditions ?? []).some((c) => c.type === 'Approved' && c.reason === 'AutoApproved'));
  t.true(cert.verify(new X509Certificate(await kubeadmCa()).publicKey));
  const current = new X509Certificate(await readFile(join(worker.kubeletDir, 'pki', 'kubelet-client-current.pem')));
  t.is(current.fingerprint256, cert.fingerprint256, 'the kubelet uses the certificate the CSR got');

  const n = await waitFor(`${WORKER} Ready`, 180_000, async () => {
    const x = await k().getJson<NodeObj>(['node', WORKER]).catch(() => undefined);
    return x && ready(x) ? x : undefined;
  });
  t.is(n.status.nodeInfo.kubeletVersion, 'v1.20.2');
  t.is((n.status as { capacity?: Record<string, string> }).capacity?.['pods'], String(CLUSTER_MAX_PODS), 'the kubelet runs with the cluster\'s KubeletConfiguration');
  t.is(n.metadata.annotations['kubeadm.alpha.kubernetes.io/cri-socket'], `unix://${worker.containerd.socket}`);
  t.log(`${WORKER} Ready ${Date.now() - t0} ms after its node was created`);
});

/** A node kubeadm runs on in part B: standard paths, no images (nothing runs there). */
async function kubeadmNode(cluster: InitCluster, name: string): Promise<RealNode> {
  return RealNode.create(cluster.run, cluster.net, name, { images: [], sandboxImage: cluster.refs.byComponent.pause!, paths: 'standard' });
}

test.serial('B: real kubeadm v1.20.2 token discovery accepts the minikubeadm cluster (JWS and pin verified by kubeadm), then stops at its v1beta4 configuration', async (t) => {
  const { cluster, init } = await minikubeadmCluster();
  const printed = printedJoinCommand(init.stdout, 'worker');
  const pin = printed[printed.indexOf('--discovery-token-ca-cert-hash') + 1]!;
  const node = await kubeadmNode(cluster, 'kadm-1');
  const preflight = (args: readonly string[]) => kubeadmOn(node, ['join', 'phase', 'preflight', ...args, '--node-name', node.name, '--cri-socket', `unix://${node.containerd.socket}`, '--ignore-preflight-errors=all', '--v=1']);

  const r = await preflight(printed.slice(1));
  const out = r.stdout + r.stderr;
  t.not(r.exitCode, 0);
  t.true(out.includes(`[discovery] Cluster info signature and contents are valid and TLS certificate validates against pinned roots, will use API Server "${cluster.node.ip}:6443"`), out);
  t.true(r.stdout.includes('[preflight] Reading configuration from the cluster...'), 'then it reads kubeadm-config');
  t.true(out.includes('unable to fetch the kubeadm-config ConfigMap: failed to decode cluster configuration data: no kind "ClusterConfiguration" is registered for version "kubeadm.k8s.io/v1beta4"'), out);

  // The pin is really checked: kubeadm computes the same hash minikubeadm printed, and refuses another.
  const wrong = `sha256:${'0'.repeat(64)}`;
  const w = await preflight(printed.slice(1).map((a) => (a === pin ? wrong : a)));
  t.not(w.exitCode, 0);
  t.true((w.stdout + w.stderr).includes(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${pin}" are pinned`), w.stdout + w.stderr);
  t.deepEqual(await readdir(node.hostPath('/etc/kubernetes')).catch(() => []), [], 'preflight wrote nothing');
});

test.serial('B: real kubeadm v1.20.2 download-certs decrypts the kubeadm-certs Secret minikubeadm wrote: the same files as cp-1', async (t) => {
  const { cluster, init } = await minikubeadmCluster();
  const printed = printedJoinCommand(init.stdout, 'control-plane');
  const node = await kubeadmNode(cluster, 'kadm-2');
  // With --control-plane kubeadm 1.20 picks this node's advertise address from the default route
  // (download-certs has no --apiserver-advertise-address); the namespace has none and 0.0.0.0 is
  // refused, so it gets one, as a machine has (the switch leads nowhere else).
  await runInNetns(node.net.ns, 'ip', ['route', 'add', 'default', 'dev', node.net.iface]);
  const secretBefore = await cluster.getJson<{ metadata: { resourceVersion: string; uid: string }; data: Record<string, string> }>(['-n', 'kube-system', 'secret', 'kubeadm-certs']);

  // kubeadm 1.20 cannot decode the v1beta4 ClusterConfiguration (the test above), and every join
  // phase reads it first: for this one command the cluster carries the v1beta2 equivalent and the
  // kubelet-config-1.20 kubeadm 1.20 reads with it (kubeadm/older-config.ts). This is the only way
  // to run that phase on its own; the Secret it decrypts is untouched.
  const swapped = await withV1beta2Configuration(cluster, () =>
    kubeadmOn(node, ['join', 'phase', 'control-plane-prepare', 'download-certs', ...printed.slice(1), '--v=1']),
  );
  const r = swapped.result;
  await writeFile(join(node.logDir, 'download-certs.log'), `${r.stdout}\n--- stderr\n${r.stderr}\n`);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  t.true(r.stdout.includes('[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace'), r.stdout);
  t.true(r.stderr.includes(`[discovery] Cluster info signature and contents are valid and TLS certificate validates against pinned roots, will use API Server "${cluster.node.ip}:6443"`), r.stderr);
  t.regex(swapped.v1beta2, new RegExp(`^controlPlaneEndpoint: ${cluster.node.ip.replaceAll('.', '\\.')}:6443$`, 'm'));

  // Restored: the original ClusterConfiguration, no temporary object, the Secret never changed.
  t.deepEqual(swapped.restored, swapped.original, 'kubeadm-config is as minikubeadm uploaded it');
  t.is(swapped.left, '', `no ${TEMPORARY_OBJECTS.join(', ')} is left`);
  const secretAfter = await cluster.getJson<typeof secretBefore>(['-n', 'kube-system', 'secret', 'kubeadm-certs']);
  t.is(secretAfter.metadata.resourceVersion, secretBefore.metadata.resourceVersion, 'the Secret was not written');
  t.deepEqual(secretAfter.data, secretBefore.data);

  // What kubeadm wrote is byte for byte what cp-1 has, and nothing else.
  const pki = node.hostPath('/etc/kubernetes/pki');
  t.deepEqual((await readdir(pki, { recursive: true })).map(String).filter((f) => f !== 'etcd').sort(), [...SHARED_FILES].sort());
  for (const f of SHARED_FILES) {
    t.deepEqual(await readFile(join(pki, f)), await readFile(join(cluster.kubernetesDir, 'pki', f)), f);
  }
  t.deepEqual((await readdir(node.hostPath('/etc/kubernetes'))).sort(), ['pki']);
});
