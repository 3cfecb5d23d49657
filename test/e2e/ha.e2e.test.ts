// High availability with minikubeadm alone, on an ECDSA-P256 PKI: cp-1 runs `init --upload-certs` with a
// controlPlaneEndpoint, cp-2 and cp-3 run the control-plane join command it printed (certificate key
// included), and the three form one 3-member etcd cluster behind three API servers, each node's
// kubelet running its own static Pods and talking to its own API server. Then every process of cp-1
// stops: the other two keep serving reads and writes; cp-1 starts again and rejoins. Last, the
// refusals a control-plane join makes before writing anything, against this real cluster; then the
// day-2 work of an HA cluster: certs renew with a static Pod restart, reset of cp-3 (its etcd member
// leaves), and a new control plane joined with the command `token create` prints.
import { X509Certificate } from 'node:crypto';
import { readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { parse } from 'yaml';
import { listNetns } from './harness/netns.js';
import { missingKubernetesBinaries } from './harness/paths.js';
import { type CommandRun, InitCluster, NODE_NAME, STATIC_PODS, minikubeadm, printedJoinCommand, waitFor } from './init/cluster.js';
import { type NodeObj, type Pod, ready } from './init/objects.js';
import { RealNode } from './nodes/node.js';

const TOKEN_ID = 'e2eha0';
const TOKEN = `${TOKEN_ID}.0123456789e2eha0`;

let cluster: InitCluster | undefined;
let first: CommandRun | undefined;
let failed = false;

const c = (): InitCluster => {
  if (!cluster) throw new Error('the cluster was not set up (see the before hook)');
  return cluster;
};
const node = (name: string): RealNode => {
  const found = [c().node, ...c().controlPlanes].find((n) => n.name === name);
  if (!found) throw new Error(`node ${name} was not set up (see its test)`);
  return found;
};

interface Member {
  /** Hex, as etcdctl prints it (JSON output would lose the uint64's low bits in a JS number). */
  id: string;
  name: string;
  peerURLs: string[];
  isLearner: boolean;
}

/** etcdctl from inside cp-1's network namespace, with the health-check client of `via`. */
async function etcdctl(args: readonly string[], via: RealNode = c().node, endpoints = [via.ip]): Promise<CommandRun> {
  const pki = join(via.kubernetesDir, 'pki', 'etcd');
  return c().exec('etcdctl', [
    `--endpoints=${endpoints.map((ip) => `https://${ip}:2379`).join(',')}`,
    `--cacert=${join(pki, 'ca.crt')}`,
    `--cert=${join(pki, 'healthcheck-client.crt')}`,
    `--key=${join(pki, 'healthcheck-client.key')}`,
    '--command-timeout=5s',
    ...args,
  ]);
}

async function members(via?: RealNode): Promise<Member[]> {
  const r = await etcdctl(['member', 'list', '-w', 'simple'], via);
  if (r.exitCode !== 0) throw new Error(`etcdctl member list: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => line.split(', '))
    .map(([id, , name, peers, , learner]) => ({ id: id!, name: name ?? '', peerURLs: (peers ?? '').split(','), isLearner: learner === 'true' }));
}

/** kubectl as admin.conf against one node's own API server. */
function kubectlAt(at: RealNode, args: readonly string[], input?: string): Promise<CommandRun> {
  return c().kubectl([`--server=https://${at.ip}:6443`, '--request-timeout=10s', ...args], { kubeconfig: c().adminConf, input, allowFailure: true });
}

async function mirrorPodsReady(name: string, timeoutMs = 240_000): Promise<Pod[]> {
  return waitFor(`the static Pods of ${name} Ready`, timeoutMs, async () => {
    const r = await kubectlAt(c().node, ['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane', '-o', 'json']).catch(() => undefined);
    if (!r || r.exitCode !== 0) return undefined;
    const pods = (JSON.parse(r.stdout) as { items: Pod[] }).items.filter((p) => p.spec.nodeName === name);
    return pods.length === STATIC_PODS.length && pods.every(ready) ? pods : undefined;
  });
}

test.before(async (t) => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing Kubernetes binaries ${missing.join(', ')}: run test/e2e/provision/provision.sh`);
  cluster = await InitCluster.create({ token: TOKEN, controlPlaneEndpoint: true, encryptionAlgorithm: 'ECDSA-P256' });
  t.log(`node ${cluster.node.name} (${cluster.node.ip}), files in ${cluster.dir}`);
  cluster.giveNodePodNetwork(cluster.node);
  first = await cluster.init(['--upload-certs', cluster.preflightIgnores('first')]);
  t.log(`init --upload-certs took ${first.wallMs} ms`);
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  if (!cluster) return;
  const left = await cluster.stop({ keepFiles: failed });
  t.deepEqual(left, [], 'everything this test started is gone');
  t.deepEqual((await listNetns()).filter((ns) => ns.startsWith(cluster!.run.prefix)), [], 'no namespace of this test is left');
  if (failed) t.log(`kept ${cluster.dir} (logs under nodes/*/logs)`);
});

test.serial('init --upload-certs stores the shared certificates in kubeadm-certs and prints the control-plane join command', async (t) => {
  t.is(first!.exitCode, 0, first!.stderr + first!.stdout);
  const key = /\[upload-certs\] Using certificate key:\n([0-9a-f]{64})\n/.exec(first!.stdout)?.[1];
  t.truthy(key, 'the key is printed after the upload');
  const argv = printedJoinCommand(first!.stdout, 'control-plane');
  t.deepEqual(argv.slice(-3), ['--control-plane', '--certificate-key', key!]);
  const secret = await c().getJson<{ data: Record<string, string>; type?: string; metadata: { ownerReferences: { kind: string; name: string; controller: boolean }[] } }>(['-n', 'kube-system', 'secret', 'kubeadm-certs']);
  t.deepEqual(Object.keys(secret.data).sort(), ['ca.crt', 'ca.key', 'etcd-ca.crt', 'etcd-ca.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'sa.key', 'sa.pub']);
  const owner = secret.metadata.ownerReferences[0]!;
  t.is(owner.kind, 'Secret');
  t.true(owner.controller);
  const tokenSecret = await c().getJson<{ data: Record<string, string> }>(['-n', 'kube-system', 'secret', owner.name]);
  const expires = Date.parse(Buffer.from(tokenSecret.data['expiration']!, 'base64').toString());
  t.true(Math.abs(expires - (Date.now() + 2 * 3600_000)) < 10 * 60_000, 'the owning token expires in 2 hours');
  t.false('usage-bootstrap-authentication' in tokenSecret.data || 'usage-bootstrap-signing' in tokenSecret.data, 'it can neither authenticate nor sign');
  // The data is nonce ‖ ciphertext ‖ tag: not the PEM, and 12 + 16 bytes longer than the file.
  const caFile = await readFile(c().caFile);
  t.is(Buffer.from(secret.data['ca.crt']!, 'base64').length, caFile.length + 28);
  const role = await c().getJson<{ rules: { resourceNames: string[]; verbs: string[] }[] }>(['-n', 'kube-system', 'role', 'kubeadm:kubeadm-certs']);
  t.deepEqual(role.rules[0], { apiGroups: [''], resources: ['secrets'], resourceNames: ['kubeadm-certs'], verbs: ['get'] } as never);
});

test.serial('the PKI is ECDSA-P256 throughout, and the API server accepts the ES256 service account tokens sa.key signs', async (t) => {
  const pki = join(c().kubernetesDir, 'pki');
  for (const base of ['ca', 'apiserver', 'apiserver-kubelet-client', 'front-proxy-ca', 'etcd/ca', 'etcd/server', 'etcd/peer', 'apiserver-etcd-client']) {
    const cert = new X509Certificate(await readFile(join(pki, `${base}.crt`)));
    t.is(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1', base);
  }
  t.regex(await readFile(join(pki, 'sa.key'), 'utf8'), /^-----BEGIN EC PRIVATE KEY-----\n/);
  // The controller-manager signs the default ServiceAccount's token with sa.key (ES256); the API server accepts it.
  const token = await waitFor('the default ServiceAccount token', 120_000, async () => {
    const list = await c().getJson<{ items: { data?: { token?: string } }[] }>(['secrets', '-n', 'default']).catch(() => undefined);
    const value = list?.items.find((s) => s.data?.token)?.data?.token;
    return value ? Buffer.from(value, 'base64').toString() : undefined;
  });
  t.is((JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { alg: string }).alg, 'ES256');
  const asToken = await c().kubectl([`--server=${c().server}`, `--certificate-authority=${c().caFile}`, `--token=${token}`, 'auth', 'can-i', 'get', 'pods', '-n', 'default'], { allowFailure: true });
  t.regex(`${asToken.stdout}${asToken.stderr}`, /^(yes|no)\b/m, 'authenticated (an unknown token would be an Unauthorized error)');
});

for (const name of ['cp-2', 'cp-3']) {
  test.serial(`${name} joins as a control plane with the command init printed`, async (t) => {
    const t0 = Date.now();
    const { node: cp, join: joined } = await c().addControlPlane(name, printedJoinCommand(first!.stdout, 'control-plane'));
    t.is(joined.exitCode, 0, joined.stderr + joined.stdout);
    t.log(`join took ${joined.wallMs} ms`);
    for (const line of [
      '[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace',
      '[preflight] Running pre-flight checks before initializing the new control plane instance',
      '[etcd] Announced new etcd member joining to the existing etcd cluster',
      '[etcd] Creating static Pod manifest for "etcd"',
      '[etcd] Waiting for the new etcd member to join the cluster. This can take up to 40s',
      '[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap',
      `[mark-control-plane] Marking the node ${name} as control-plane by adding the labels`,
      '[control-plane-check] kube-apiserver is healthy after',
      'This node has joined the cluster and a new control plane instance was created:',
      '* A new etcd member was added to the local/stacked etcd cluster.',
    ]) {
      t.true(joined.stdout.includes(line), `join printed: ${line}`);
    }
    const key = printedJoinCommand(first!.stdout, 'control-plane').at(-1)!;
    t.false(joined.stdout.includes(key) || joined.stderr.includes(key), 'the certificate key is not printed by join');
    // The shared files are the cluster's; this node's own certificates are its own.
    for (const f of ['ca.crt', 'ca.key', 'sa.key', 'front-proxy-ca.crt', 'etcd/ca.crt']) {
      t.deepEqual(await readFile(join(cp.kubernetesDir, 'pki', f)), await readFile(join(c().kubernetesDir, 'pki', f)), f);
    }
    t.notDeepEqual(await readFile(join(cp.kubernetesDir, 'pki', 'apiserver.crt')), await readFile(join(c().kubernetesDir, 'pki', 'apiserver.crt')));
    t.is(new X509Certificate(await readFile(join(cp.kubernetesDir, 'pki', 'apiserver.crt'))).publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1', 'its own certificates follow the cluster\'s encryptionAlgorithm');
    t.deepEqual((await readdir(cp.kubernetesDir)).filter((f) => f.endsWith('.conf')).sort(), ['admin.conf', 'controller-manager.conf', 'kubelet.conf', 'scheduler.conf']);
    const manifest = await readFile(join(cp.kubernetesDir, 'manifests', 'etcd.yaml'), 'utf8');
    t.regex(manifest, /--initial-cluster-state=existing/);
    t.regex(manifest, new RegExp(`--initial-cluster=[^"]*${NODE_NAME}=https://${c().node.ip.replaceAll('.', '\\.')}:2380`));
    t.regex(manifest, new RegExp(`${name}=https://${cp.ip.replaceAll('.', '\\.')}:2380`));
    // Its kubelet talks to its own API server (kubeadm's ControlPlaneKubeletLocalMode).
    const kubeletConf = parse(await readFile(join(cp.kubernetesDir, 'kubelet.conf'), 'utf8')) as { clusters: { cluster: { server: string } }[] };
    t.is(kubeletConf.clusters[0]!.cluster.server, `https://${cp.ip}:6443`);
    const pods = await mirrorPodsReady(name);
    t.deepEqual(pods.map((p) => p.metadata.name.replace(`-${name}`, '')).sort(), [...STATIC_PODS].sort());
    const n = await waitFor(`${name} Ready`, 120_000, async () => {
      const x = await c().getJson<NodeObj>(['node', name]).catch(() => undefined);
      return x && ready(x) ? x : undefined;
    });
    t.true('node-role.kubernetes.io/control-plane' in n.metadata.labels);
    t.deepEqual(n.spec.taints?.map((x) => x.key), ['node-role.kubernetes.io/control-plane']);
    t.log(`${name} Ready ${Date.now() - t0} ms after its node was created`);
  });
}

test.serial('three voting etcd members, no learners, three API servers', async (t) => {
  const list = await waitFor('three voting etcd members', 60_000, async () => {
    const m = await members();
    return m.length === 3 && m.every((x) => !x.isLearner && x.name !== '') ? m : undefined;
  });
  t.deepEqual(list.map((m) => m.name).sort(), ['cp-1', 'cp-2', 'cp-3']);
  for (const name of ['cp-1', 'cp-2', 'cp-3']) {
    const at = node(name);
    const m = list.find((x) => x.name === name)!;
    t.deepEqual(m.peerURLs, [`https://${at.ip}:2380`]);
    const r = await kubectlAt(at, ['get', '--raw', '/readyz']);
    t.is(r.stdout.trim(), 'ok', `${name}'s API server is ready`);
  }
  const health = await etcdctl(['endpoint', 'health', '-w', 'json'], c().node, ['cp-1', 'cp-2', 'cp-3'].map((n) => node(n).ip));
  t.is(health.exitCode, 0, health.stderr);
  t.is((JSON.parse(health.stdout) as { health: boolean }[]).filter((h) => h.health).length, 3);
});

test.serial('with every process of cp-1 stopped, cp-2 and cp-3 keep serving reads and writes; cp-1 starts again and rejoins', async (t) => {
  const cp1 = c().node;
  await cp1.stopAll();
  for (const name of ['cp-2', 'cp-3']) {
    const at = node(name);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `written-via-${name}`, namespace: 'default' }, data: { while: 'cp-1 down' } };
    const wrote = await waitFor(`a write through ${name}`, 60_000, async () => {
      const r = await kubectlAt(at, ['apply', '-f', '-'], JSON.stringify(cm));
      return r.exitCode === 0 ? r : undefined;
    });
    t.regex(wrote.stdout, /configmap\/written-via-cp-\d (created|configured)/);
  }
  for (const name of ['cp-2', 'cp-3']) {
    const r = await kubectlAt(node(name), ['get', 'configmaps', '-n', 'default', '-o', 'name']);
    t.regex(r.stdout, /written-via-cp-2/, `${name} reads the write made through cp-2`);
    t.regex(r.stdout, /written-via-cp-3/, `${name} reads the write made through cp-3`);
  }
  const down = await etcdctl(['endpoint', 'health', '-w', 'json'], node('cp-2'), ['cp-2', 'cp-3'].map((n) => node(n).ip));
  t.is(down.exitCode, 0, `the two members left have quorum: ${down.stderr}`);

  await cp1.start();
  await mirrorPodsReady(NODE_NAME);
  const back = await waitFor('cp-1 serving the writes made while it was down', 120_000, async () => {
    const r = await kubectlAt(cp1, ['get', 'configmap', '-n', 'default', 'written-via-cp-2', '-o', 'jsonpath={.data.while}']);
    return r.exitCode === 0 && r.stdout === 'cp-1 down' ? r : undefined;
  });
  t.truthy(back);
  const health = await etcdctl(['endpoint', 'health', '-w', 'json'], cp1, ['cp-1', 'cp-2', 'cp-3'].map((n) => node(n).ip));
  t.is((JSON.parse(health.stdout) as { health: boolean }[]).filter((h) => h.health).length, 3, health.stderr);
  t.is((await members()).filter((m) => !m.isLearner).length, 3);
});

/** Every file under a node's kubernetes and kubelet directories. */
async function filesOf(n: RealNode): Promise<string[]> {
  const list = async (d: string): Promise<string[]> => (await readdir(d, { recursive: true }).catch(() => [])).map((f) => join(d, String(f)));
  return [...(await list(n.kubernetesDir)), ...(await list(n.kubeletDir))];
}

test.serial('a control-plane join is refused before anything is written: wrong certificate key, expired Secret, a Ready Node or an etcd member of its name', async (t) => {
  const spare = await c().spareNode('cp-4');
  const printed = printedJoinCommand(first!.stdout, 'control-plane');
  const key = printed.at(-1)!;
  const refused = async (name: string, args: readonly string[], expected: readonly (string | RegExp)[]): Promise<void> => {
    const r = await c().joinControlPlane(spare, name, args);
    t.is(r.exitCode, 1, `${name}: ${r.stdout}${r.stderr}`);
    for (const e of expected) {
      if (typeof e === 'string') t.true(r.stderr.includes(e), `${name}: stderr has ${e}\n${r.stderr}`);
      else t.regex(r.stderr, e);
    }
    t.false(r.stdout.includes(key) || r.stderr.includes(key), 'the key is not printed');
    t.deepEqual(await filesOf(spare), [], 'nothing written');
  };

  await refused('cp-4', [...printed.slice(0, -1), 'ab'.repeat(32)], [
    'One or more conditions for hosting a new control plane instance is not satisfied.',
    'error decoding secret data with provided key: cipher: message authentication failed',
    '* The certificates that must be shared among control plane instances are provided.',
  ]);
  await refused('cp-2', printed, [`a Node with name "cp-2" and status "Ready" already exists in the cluster`, 'kubectl delete node cp-2']);

  // The Secret is gone (as after its 2 hours): refused, then uploaded again with the same key.
  await c().kubectl(['-n', 'kube-system', 'delete', 'secret', 'kubeadm-certs'], { kubeconfig: c().adminConf });
  await refused('cp-4', printed, ['Secret "kubeadm-certs" was not found in the "kube-system" Namespace. This Secret might have expired', 'init phase upload-certs --upload-certs']);
  // As in kubeadm, --certificate-key does not mix with --config: the phase needs only the node's directories.
  const again = await minikubeadmOnCp1(['init', 'phase', 'upload-certs', '--upload-certs', '--certificate-key', key, '--skip-certificate-key-print']);
  t.is(again.exitCode, 0, again.stderr);
  t.regex(again.stdout, /\[upload-certs\] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace/);
  t.false(again.stdout.includes(key), '--skip-certificate-key-print');

  // cp-3's machine is gone for good and a new machine takes its name: its etcd member is still there.
  const cp3 = node('cp-3');
  await cp3.stopAll();
  try {
    await c().kubectl(['delete', 'node', 'cp-3', '--ignore-not-found'], { kubeconfig: c().adminConf });
    const m = (await members()).find((x) => x.name === 'cp-3')!;
    await refused('cp-3', printed, [
      `an etcd member named "cp-3" already exists with peer URL https://${cp3.ip}:2380, not https://${spare.ip}:2380`,
      `etcdctl member remove ${m.id}`,
    ]);
  } finally {
    // The machine comes back after all: its kubelet registers the Node again, its member is healthy.
    await cp3.start();
  }
  await waitFor('cp-3 registered and Ready again', 180_000, async () => {
    const x = await c().getJson<NodeObj>(['node', 'cp-3']).catch(() => undefined);
    return x && ready(x) ? x : undefined;
  });
  t.is((await members()).filter((x) => !x.isLearner).length, 3);
});

function minikubeadmOnCp1(args: readonly string[]): Promise<CommandRun> {
  return minikubeadm(c().node, args);
}

// Day-2 on the HA cluster: renewal with a static Pod restart, and replacing a control plane
// (reset cp-3, whose etcd member leaves through the others; a new node joins with the command
// `token create --print-join-command --certificate-key` prints).

/** SHA-256 fingerprint of the serving certificate of `at`'s API server, undefined while it is down. */
async function servedFingerprint(at: RealNode): Promise<string | undefined> {
  const r = await c().exec('sh', ['-c', `echo | timeout 5 openssl s_client -connect ${at.ip}:6443 2>/dev/null | openssl x509 -noout -fingerprint -sha256`]);
  return /Fingerprint=(\S+)/.exec(r.stdout)?.[1];
}

test.serial("certs renew apiserver on cp-1: the API server serves the new certificate once its static Pod restarts, and the cluster keeps working", async (t) => {
  const file = join(c().kubernetesDir, 'pki', 'apiserver.crt');
  const old = new X509Certificate(await readFile(file));
  t.is(await servedFingerprint(c().node), old.fingerprint256);
  const r = await minikubeadm(c().node, ['certs', 'renew', 'apiserver'], { kubelet: false });
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /You must restart the kube-apiserver, so that it can use the new certificate\.$/m);
  const renewed = new X509Certificate(await readFile(file));
  t.not(renewed.fingerprint256, old.fingerprint256);
  t.is(renewed.subjectAltName, old.subjectAltName, 'the same SANs');
  t.is(renewed.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1', "the cluster's encryptionAlgorithm");
  const backups = (await readdir(join(c().kubernetesDir, 'tmp'))).filter((d) => d.startsWith('kubeadm-backup-certs-'));
  t.is(backups.length, 1, 'the replaced pair was backed up');

  // Restart the static Pod as operators do: take its manifest away, then put it back.
  const manifest = join(c().node.kubernetesDir, 'manifests', 'kube-apiserver.yaml');
  const aside = join(c().dir, 'kube-apiserver.yaml.aside');
  await rename(manifest, aside);
  await waitFor("cp-1's API server to stop", 120_000, async () => ((await servedFingerprint(c().node)) === undefined ? true : undefined));
  await rename(aside, manifest);
  const served = await waitFor("cp-1's API server to serve again", 180_000, () => servedFingerprint(c().node));
  t.is(served, renewed.fingerprint256, 'the renewed certificate is served');
  await waitFor("cp-1's API server ready", 120_000, async () => ((await kubectlAt(c().node, ['get', '--raw', '/readyz'])).stdout.trim() === 'ok' ? true : undefined));
});

test.serial("reset on cp-3, its control plane down: its etcd member leaves through the members the API server names; cp-1 and cp-2 go on as a 2-member cluster", async (t) => {
  const cp3 = node('cp-3');
  const before = (await members()).find((m) => m.name === 'cp-3');
  t.truthy(before, 'cp-3 is a member');
  // A node is often reset because its etcd broke: its own member cannot answer for the cluster.
  await cp3.stopAll();
  const r = await minikubeadm(cp3, ['reset', '--force']);
  t.is(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
  t.regex(r.stdout, new RegExp(`Removed etcd member "cp-3" \\(${before!.id}, https://${cp3.ip.replaceAll('.', '\\.')}:2380\\) from the etcd cluster`));
  t.is((await cp3.kubeletService('is-active')).exitCode, 3, 'its kubelet is stopped');
  t.deepEqual((await readdir(join(cp3.kubernetesDir, 'manifests'))).sort(), [], 'its static Pod manifests are gone');
  const left = await members();
  t.deepEqual(left.map((m) => m.name).sort(), ['cp-1', 'cp-2']);
  t.true(left.every((m) => !m.isLearner));
  const put = await kubectlAt(node('cp-2'), ['create', 'configmap', 'after-reset', '-n', 'default', '--from-literal=k=v']);
  t.is(put.exitCode, 0, `writes still commit with 2 of 2 members: ${put.stderr}`);
});

test.serial('a new control plane cp-5 joins with the command `token create --print-join-command --certificate-key` prints, after a fresh upload-certs', async (t) => {
  const upload = await minikubeadm(c().node, ['init', 'phase', 'upload-certs', '--upload-certs', '--config', c().configPath]);
  t.is(upload.exitCode, 0, upload.stderr);
  const key = /\[upload-certs\] Using certificate key:\n([0-9a-f]{64})$/m.exec(upload.stdout)?.[1];
  t.truthy(key, upload.stdout);
  const created = await minikubeadm(c().node, ['token', 'create', '--print-join-command', '--certificate-key', key!], { kubelet: false });
  t.is(created.exitCode, 0, created.stderr);
  const argv = created.stdout.trim().split(/\s+/);
  t.deepEqual(argv.slice(0, 2), ['minikubeadm', 'join']);
  t.deepEqual(argv.slice(-3), ['--control-plane', '--certificate-key', key!]);
  const { join: joined } = await c().addControlPlane('cp-5', argv.slice(1));
  t.is(joined.exitCode, 0, joined.stderr + joined.stdout);
  await mirrorPodsReady('cp-5');
  const list = await waitFor('three voting etcd members again', 60_000, async () => {
    const m = await members();
    return m.length === 3 && m.every((x) => !x.isLearner && x.name !== '') ? m : undefined;
  });
  t.deepEqual(list.map((m) => m.name).sort(), ['cp-1', 'cp-2', 'cp-5']);
});
