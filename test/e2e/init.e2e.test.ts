// `minikubeadm init` against a real control plane: a fresh network-namespace node, the cached
// v1.20.2 kube-apiserver / controller-manager / scheduler and Debian's etcd run by the kubelet
// stand-in from the manifests init writes, then every object init creates checked with kubectl, the
// RBAC it grants, the bootstrap token's identity, cluster-info signed by the real controller-manager
// and verified with our JWS code, a CSR approved and issued for the token, and a second init that
// changes nothing. The node, its processes and its namespaces are removed even when a test fails.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { parse } from 'yaml';
import { computeDetachedSignature, detachedSignatureIsValid } from '../../src/token/jws.js';
import { listNetns } from './harness/netns.js';
import { missingKubernetesBinaries } from './harness/paths.js';
import { type CommandRun, InitCluster, NODE_NAME, configText } from './init/cluster.js';
import { INIT_OBJECTS, snapshotFiles, snapshotObjects } from './init/snapshot.js';

// The token is fixed in the config so the test can use it. A config without a token string reuses
// the cluster's matching token (the last test).
const TOKEN_ID = 'e2e0ab';
const TOKEN_SECRET = '0123456789e2e0ab';
const TOKEN = `${TOKEN_ID}.${TOKEN_SECRET}`;
// This node has no container runtime, kubelet, cgroup mount or resolvable host name, and on the
// second run its own control plane holds the ports and files: preflight may only warn.
const INIT_FLAGS = ['--ignore-preflight-errors=all'];

let cluster: InitCluster | undefined;
let first: CommandRun | undefined;
let failed = false;

const c = (): InitCluster => {
  if (!cluster) throw new Error('the cluster was not set up (see the before hook)');
  return cluster;
};

test.before(async (t) => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing Kubernetes binaries ${missing.join(', ')}: run test/e2e/provision/build-kubernetes.sh`);
  cluster = await InitCluster.create({ token: TOKEN });
  t.log(`node ${cluster.node.ns} (${cluster.node.ip}), files in ${cluster.dir}`);
  // The kubelet would register the Node as soon as the API server answers; so does this.
  cluster.registerNodeInBackground();
  first = await cluster.init(INIT_FLAGS);
  t.log(`init took ${first.wallMs} ms`);
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  if (!cluster) return;
  await cluster.stop();
  const left = (await listNetns()).filter((ns) => ns.startsWith(cluster!.net.prefix));
  t.deepEqual(left, [], 'no namespace of this test (nor a process in one) is left');
  if (failed) t.log(`kept ${cluster.dir} (component logs in ${cluster.logDir})`);
  else await cluster.removeFiles();
});

test.serial('init succeeds and the control plane runs from our manifests and certificates', async (t) => {
  t.is(first!.exitCode, 0, first!.stderr + first!.stdout);
  // init waited for /livez; the stand-in also wants the apiserver's /readyz to pass.
  const statuses = await c().standin.waitAllHealthy(60_000);
  t.deepEqual(statuses.map((s) => s.name).sort(), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
  for (const s of statuses) {
    t.true(s.healthy, `${s.name} is healthy by its manifest's probes`);
    t.is(s.restarts, 0, `${s.name} never restarted`);
    const argv = (await readFile(`/proc/${s.pid}/cmdline`, 'utf8')).split('\0');
    t.true(argv.some((a) => a.startsWith('--') && a.includes(c().kubernetesDir)), `${s.name} uses our certificates and kubeconfigs`);
    t.is(s.manifest, join(c().manifestsDir, `${s.pod}.yaml`));
  }
  for (const line of [
    '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods',
    '[control-plane-check] kube-apiserver is healthy after',
    '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
    '[mark-control-plane] Marking the node cp1 as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]',
    '[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace',
    '[addons] Applied essential addon: CoreDNS',
    '[addons] Applied essential addon: kube-proxy',
    `minikubeadm join ${c().node.ip}:6443 --token ${TOKEN} \\`,
  ]) {
    t.true(first!.stdout.includes(line), `output has: ${line}`);
  }
  t.is(first!.stdout.split(TOKEN).length - 1, 1, 'the token appears once: in the worker join command (no control-plane endpoint, so no control-plane variant)');
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
  t.is(kubeletConfig.data.kubelet, await readFile(join(c().kubeletDir, 'config.yaml'), 'utf8'), 'the ConfigMap holds what kubelet-start wrote');

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

  const node = await c().getJson<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { taints?: { key: string; effect: string }[] } }>(['node', NODE_NAME]);
  t.is(node.metadata.labels['node-role.kubernetes.io/control-plane'], '');
  t.is(node.metadata.labels['node.kubernetes.io/exclude-from-external-load-balancers'], '');
  t.true((node.spec.taints ?? []).some((x) => x.key === 'node-role.kubernetes.io/control-plane' && x.effect === 'NoSchedule'));
  t.is(node.metadata.annotations['kubeadm.alpha.kubernetes.io/cri-socket'], `unix://${join(c().dir, 'no-cri.sock')}`);

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

test.serial('a second init on the same node changes nothing and succeeds', async (t) => {
  const files = await snapshotFiles(c().kubernetesDir, c().kubeletDir);
  const objects = await snapshotObjects(c(), `bootstrap-token-${TOKEN_ID}`);
  // managedFields times have second resolution: start the second run in a later second.
  await new Promise((r) => setTimeout(r, 1_100));
  const again = await c().init(INIT_FLAGS);
  t.is(again.exitCode, 0, again.stderr + again.stdout);
  t.deepEqual(await snapshotFiles(c().kubernetesDir, c().kubeletDir), files, 'no file byte, mode or mtime changed');
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
  t.is(c().standin.status().reduce((n, s) => n + s.restarts, 0), 0, 'no static pod was restarted');
});

test.serial('without a token in the config, init reuses the cluster\'s token instead of adding another', async (t) => {
  const config = join(c().dir, 'no-token.yaml');
  // The same token spec (description, default usages and groups), without the token string.
  const text = configText(c().node, c().dir, TOKEN).replace(/- token: .*\n {2}description: e2e\n/, '- description: e2e\n');
  t.notRegex(text, /token:/, 'the config gives no token string');
  await writeFile(config, text);
  const run = await c().init(INIT_FLAGS, config);
  t.is(run.exitCode, 0, run.stderr + run.stdout);
  const secrets = await c().getJson<{ items: { metadata: { name: string } }[] }>(['-n', 'kube-system', 'secrets', '--field-selector', 'type=bootstrap.kubernetes.io/token']);
  t.deepEqual(secrets.items.map((s) => s.metadata.name), [`bootstrap-token-${TOKEN_ID}`]);
  t.true(run.stdout.includes(`--token ${TOKEN}`), 'the join command names the existing token');
});
