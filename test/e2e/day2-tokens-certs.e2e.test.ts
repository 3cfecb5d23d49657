// Day-2 commands against a real control plane (one node, from the existing e2e harness): token
// create/list/delete through the real API server, the token's identity and its cluster-info
// signature; a renewed admin.conf that still works, and a renewed apiserver certificate that the
// API server serves after its static Pod restarts. Self-contained: it needs only InitCluster's
// create/init/exec/kubectl/stop and the node's files.
import { createHash, X509Certificate } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { parse } from 'yaml';
import { detachedSignatureIsValid } from '../../src/token/jws.js';
import { listNetns } from './harness/netns.js';
import { missingKubernetesBinaries } from './harness/paths.js';
import { CLI, type CommandRun, InitCluster, NODE_NAME } from './init/cluster.js';

const INIT_TOKEN = 'e2ed2a.0123456789e2ed2a';

let cluster: InitCluster | undefined;
let failed = false;
const c = (): InitCluster => {
  if (!cluster) throw new Error('the cluster was not set up (see the before hook)');
  return cluster;
};

/** minikubeadm inside the node, with the node's directories. */
const mka = (...args: string[]): Promise<CommandRun> => c().exec(process.execPath, [CLI, ...args]);
const dirs = (): string[] => ['--kubernetes-dir', c().kubernetesDir];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SHA-256 fingerprint of the certificate the API server presents. */
async function servedFingerprint(): Promise<string | undefined> {
  const r = await c().exec('sh', ['-c', `echo | timeout 5 openssl s_client -connect ${c().node.ip}:6443 2>/dev/null | openssl x509 -noout -fingerprint -sha256`]);
  return /Fingerprint=(\S+)/.exec(r.stdout)?.[1];
}

const fileFingerprint = async (file: string): Promise<string> => new X509Certificate(await readFile(file)).fingerprint256;

function embeddedCert(text: string): X509Certificate {
  const doc = parse(text) as { users: { user: { 'client-certificate-data': string } }[] };
  return new X509Certificate(Buffer.from(doc.users[0]!.user['client-certificate-data'], 'base64'));
}

/** Polls the API server's /readyz with admin.conf (bounded: two minutes). */
async function apiServerReady(node: InitCluster): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const r = await node.kubectl(['get', '--raw', '/readyz'], { kubeconfig: node.adminConf, allowFailure: true });
    if (r.stdout.trim() === 'ok') return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error('the API server did not become ready within 2 minutes');
}

test.before(async (t) => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing Kubernetes binaries ${missing.join(', ')}: run test/e2e/provision/build-kubernetes.sh`);
  cluster = await InitCluster.create({ token: INIT_TOKEN });
  t.log(`node ${cluster.node.ns} (${cluster.node.ip}), files in ${cluster.dir}`);
  cluster.registerNodeInBackground();
  const init = await cluster.init(['--ignore-preflight-errors=all']);
  if (init.exitCode !== 0) throw new Error(`init failed (${init.exitCode}):\n${init.stderr}\n${init.stdout}`);
  await apiServerReady(cluster);
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  if (!cluster) return;
  await cluster.stop();
  t.deepEqual((await listNetns()).filter((ns) => ns.startsWith(cluster!.net.prefix)), [], 'no namespace of this test is left');
  if (failed) t.log(`kept ${cluster.dir} (component logs in ${cluster.logDir})`);
  else await cluster.removeFiles();
});

test.serial('token create, list and delete against the real API server; the token authenticates and gets its cluster-info signature', async (t) => {
  const created = await mka('token', 'create', ...dirs(), '--ttl', '2h', '--description', 'day-2 e2e', '--print-join-command');
  t.is(created.exitCode, 0, created.stderr);
  const join_ = created.stdout.trim();
  const m = /^minikubeadm join (\S+) --token ([a-z0-9]{6})\.([a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})$/.exec(join_);
  t.truthy(m, join_);
  const [, endpoint, id, secret, hash] = m!;
  t.is(endpoint, `${c().node.ip}:6443`);
  const ca = new X509Certificate(await readFile(c().caFile));
  t.is(hash, `sha256:${createHash('sha256').update(ca.publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`, 'the pin of the cluster CA');
  const token = `${id}.${secret}`;

  const stored = await c().getJson<{ type: string; data: Record<string, string> }>(['-n', 'kube-system', 'secret', `bootstrap-token-${id}`]);
  t.is(stored.type, 'bootstrap.kubernetes.io/token');
  t.is(Buffer.from(stored.data['description']!, 'base64').toString(), 'day-2 e2e');

  const list = await mka('token', 'list', ...dirs());
  t.is(list.exitCode, 0, list.stderr);
  t.regex(list.stdout, /^TOKEN +TTL +EXPIRES +USAGES +DESCRIPTION +EXTRA GROUPS$/m);
  t.regex(list.stdout, new RegExp(`^${token} +1h +\\S+Z +authentication,signing +day-2 e2e +system:bootstrappers:kubeadm:default-node-token$`, 'm'));
  t.regex(list.stdout, new RegExp(`^${INIT_TOKEN} +23h `, 'm'), "init's token is listed too");
  const json = await mka('token', 'list', ...dirs(), '-o', 'json');
  const objects = json.stdout.split(/\n(?=\{)/).map((s) => JSON.parse(s) as Record<string, unknown>);
  t.true(objects.some((o) => o['token'] === token && o['kind'] === 'BootstrapToken' && o['description'] === 'day-2 e2e'));

  // The API server authenticates it as system:bootstrap:<id> (kubeadm:get-nodes lets it read Nodes).
  const asToken = ['--server', c().server, '--certificate-authority', c().caFile, '--token', token];
  const nodes = await c().kubectl([...asToken, 'get', 'node', NODE_NAME, '-o', 'name'], { allowFailure: true });
  t.is(nodes.stdout.trim(), `node/${NODE_NAME}`, nodes.stderr);
  // The controller-manager signs cluster-info for it: what token discovery (minikubeadm join) checks.
  let data: Record<string, string> = {};
  for (let i = 0; i < 120 && data[`jws-kubeconfig-${id}`] === undefined; i++) {
    data = (await c().getJson<{ data: Record<string, string> }>(['-n', 'kube-public', 'configmap', 'cluster-info'])).data;
    if (data[`jws-kubeconfig-${id}`] === undefined) await sleep(500);
  }
  t.true(detachedSignatureIsValid(data[`jws-kubeconfig-${id}`] ?? '', data['kubeconfig']!, id!, secret!), 'cluster-info is signed for the new token');

  const deleted = await mka('token', 'delete', ...dirs(), id!);
  t.is(deleted.exitCode, 0, deleted.stderr);
  t.is(deleted.stdout.trim(), `bootstrap token "${id}" deleted`);
  const gone = await c().kubectl(['-n', 'kube-system', 'get', 'secret', `bootstrap-token-${id}`], { kubeconfig: c().adminConf, allowFailure: true });
  t.regex(gone.stderr, /NotFound/);
  let refused = false;
  for (let i = 0; i < 60 && !refused; i++) {
    refused = /Unauthorized/.test((await c().kubectl([...asToken, 'get', 'node', NODE_NAME], { allowFailure: true })).stderr);
    if (!refused) await sleep(500);
  }
  t.true(refused, 'a deleted token no longer authenticates');
  const again = await mka('token', 'delete', ...dirs(), id!);
  t.is(again.exitCode, 1);
  t.regex(again.stderr, new RegExp(`failed to delete bootstrap token "${id}"`));
});

test.serial('a renewed admin.conf still works against the API server', async (t) => {
  const before = embeddedCert(await readFile(c().adminConf, 'utf8'));
  const r = await mka('certs', 'renew', 'admin.conf', ...dirs());
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /^\[renew\] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"\.\.\.$/m);
  t.notRegex(r.stdout, /Falling back/, "the cluster's configuration was read");
  t.regex(r.stdout, /^certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself renewed$/m);
  const after = embeddedCert(await readFile(c().adminConf, 'utf8'));
  t.not(after.fingerprint256, before.fingerprint256);
  t.is(after.subject, before.subject);
  const can = await c().kubectl(['auth', 'can-i', '*', '*', '--all-namespaces'], { kubeconfig: c().adminConf });
  t.is(can.stdout.trim(), 'yes', 'the renewed identity is still cluster-admin');
});

test.serial('a renewed apiserver certificate is served after the static Pod restarts, and still works', async (t) => {
  const file = join(c().kubernetesDir, 'pki', 'apiserver.crt');
  const old = await fileFingerprint(file);
  t.is(await servedFingerprint(), old);
  const r = await mka('certs', 'renew', 'apiserver', ...dirs());
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /You must restart the kube-apiserver, so that it can use the new certificate\.$/m);
  const renewed = await fileFingerprint(file);
  t.not(renewed, old);

  // Restart the static Pod the way operators do: take its manifest away, then put it back.
  const manifest = join(c().manifestsDir, 'kube-apiserver.yaml');
  const aside = join(c().dir, 'kube-apiserver.yaml');
  await rename(manifest, aside);
  let down = false;
  for (let i = 0; i < 120 && !down; i++) {
    down = (await servedFingerprint()) === undefined;
    if (!down) await sleep(500);
  }
  t.true(down, 'the API server stopped when its manifest went away');
  await rename(aside, manifest);
  let served: string | undefined;
  for (let i = 0; i < 240 && served === undefined; i++) {
    served = await servedFingerprint();
    if (served === undefined) await sleep(500);
  }
  t.is(served, renewed, 'the API server serves the renewed certificate');
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    ready = (await c().kubectl(['get', '--raw', '/readyz'], { kubeconfig: c().adminConf, allowFailure: true })).stdout.trim() === 'ok';
    if (!ready) await sleep(500);
  }
  t.true(ready, 'and it is ready');
  const nodes = await c().kubectl(['get', 'nodes', '-o', 'name'], { kubeconfig: c().adminConf });
  t.is(nodes.stdout.trim(), `node/${NODE_NAME}`);
  const check = await mka('certs', 'check-expiration', ...dirs(), '--warn-within', '720h');
  t.is(check.exitCode, 0, `nothing expires within 30 days: ${check.stderr}`);
});
