// `minikubeadm init` with `encryptionAlgorithm: ECDSA-P256` against a real control plane: the same
// node as init.e2e.test.ts, with every key of the PKI, the kubeconfigs and sa.key on P-256. The
// v1.20.2 API server, controller-manager and scheduler and Debian's etcd run on those certificates,
// admin.conf is cluster-admin, and the service account key signs tokens the API server accepts.
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { missingKubernetesBinaries } from './harness/paths.js';
import { InitCluster, configText } from './init/cluster.js';

const TOKEN = 'e2ec01.0123456789e2ec01';

let cluster: InitCluster | undefined;
let failed = false;
const c = (): InitCluster => {
  if (!cluster) throw new Error('the cluster was not set up');
  return cluster;
};

test.before(async () => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing Kubernetes binaries ${missing.join(', ')}: run test/e2e/provision/build-kubernetes.sh`);
  cluster = await InitCluster.create({ token: TOKEN });
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  if (!cluster) return;
  await cluster.stop();
  if (failed) t.log(`kept ${cluster.dir} (component logs in ${cluster.logDir})`);
  else await cluster.removeFiles();
});

test.serial('the control plane runs on an ECDSA-P256 PKI', async (t) => {
  const config = join(c().dir, 'ecdsa.yaml');
  // The last document is the ClusterConfiguration.
  await writeFile(config, `${configText(c().node, c().dir, TOKEN)}encryptionAlgorithm: ECDSA-P256\n`);
  c().registerNodeInBackground();
  const run = await c().init(['--ignore-preflight-errors=all'], config);
  t.is(run.exitCode, 0, `${run.stderr}\n${run.stdout}`);

  const pki = join(c().kubernetesDir, 'pki');
  for (const base of ['ca', 'apiserver', 'etcd/server', 'apiserver-etcd-client', 'front-proxy-client']) {
    const cert = new X509Certificate(await readFile(join(pki, `${base}.crt`)));
    t.is(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1', base);
  }
  t.regex(await readFile(join(pki, 'sa.key'), 'utf8'), /^-----BEGIN EC PRIVATE KEY-----\n/);

  // The API server serves with its EC certificate, reaches etcd with its EC client certificate, and admin.conf's EC key is cluster-admin.
  t.is((await c().kubectl(['auth', 'can-i', '*', '*', '--all-namespaces'], { kubeconfig: c().adminConf })).stdout.trim(), 'yes');
  // sa.key (EC) signs the service account tokens the controller-manager's controllers use: the default ServiceAccount gets its token Secret.
  let secrets = '';
  for (let i = 0; i < 60 && !/default-token-/.test(secrets); i++) {
    secrets = (await c().kubectl(['get', 'secrets', '-n', 'default', '-o', 'name'], { kubeconfig: c().adminConf, allowFailure: true })).stdout;
    if (!/default-token-/.test(secrets)) await new Promise((r) => setTimeout(r, 1000));
  }
  t.regex(secrets, /secret\/default-token-/);
  const token = Buffer.from(String((await c().getJson<{ items: { data: { token: string } }[] }>(['secrets', '-n', 'default'])).items.find((s) => s.data?.token)?.data.token), 'base64').toString();
  t.regex(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg as string, /^ES256$/);
  const asToken = await c().kubectl(['--server', c().server, '--certificate-authority', c().caFile, '--token', token, 'auth', 'can-i', 'get', 'pods', '-n', 'default'], { allowFailure: true });
  t.regex(`${asToken.stdout}${asToken.stderr}`, /^(yes|no)\b/m, 'the API server authenticates the ES256 token (an unauthenticated request would be an error)');
});
