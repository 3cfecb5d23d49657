/**
 * The kubeconfig phase checked by real kubectl: every file loads, its current context, user and
 * server are kubeadm's, `--minify` resolves, and the embedded client certificate chains to ca.crt
 * by openssl.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certsPhase } from '../../phases/init/certs.js';
import { kubeconfigPhase } from '../../phases/init/kubeconfig.js';
import { KUBECONFIGS, type KubeconfigSpec } from '../../src/kubeconfig/specs.js';
import { runPhases } from '../../src/workflow/runner.js';
import { testContext } from '../helpers/config.js';

let dir = '';
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mka-kubectl-'));
  const tc = await testContext({ cluster: { controlPlaneEndpoint: 'cp.example.com', clusterName: 'lab' }, init: { nodeRegistration: { name: 'worker-7' } } }, { dir });
  await runPhases([certsPhase, kubeconfigPhase], tc.ctx);
});

interface ConfigView {
  'current-context': string;
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  users: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string } }[];
}

const kubectl = async (...args: string[]) => (await execa('kubectl', args, { env: { KUBECONFIG: '' } })).stdout;
const view = async (file: string, ...extra: string[]): Promise<ConfigView> =>
  JSON.parse(await kubectl('config', 'view', '--kubeconfig', file, '-o', 'json', ...extra)) as ConfigView;

const USERS: Record<string, [string, string]> = {
  admin: ['kubernetes-admin', 'https://cp.example.com:6443'],
  'super-admin': ['kubernetes-super-admin', 'https://cp.example.com:6443'],
  // ControlPlaneKubeletLocalMode (the default version): the control-plane kubelet talks to its own API server.
  kubelet: ['system:node:worker-7', 'https://192.0.2.10:6443'],
  'controller-manager': ['system:kube-controller-manager', 'https://192.0.2.10:6443'],
  scheduler: ['system:kube-scheduler', 'https://192.0.2.10:6443'],
};

const loads = test.macro<[KubeconfigSpec]>({
  async exec(t, spec) {
    const file = join(dir, spec.file);
    const [user, server] = USERS[spec.name]!;
    const raw = await view(file, '--raw');
    t.is(raw['current-context'], `${user}@lab`);
    t.deepEqual(raw.contexts, [{ name: `${user}@lab`, context: { cluster: 'lab', user } }]);
    t.is(raw.clusters.length, 1);
    t.is(raw.clusters[0]!.name, 'lab');
    t.is(raw.clusters[0]!.cluster.server, server);
    t.is(raw.users[0]!.name, user);
    t.is(await kubectl('config', 'current-context', '--kubeconfig', file), `${user}@lab`);

    const minified = await view(file, '--minify');
    t.is(minified.clusters[0]!.cluster.server, server);
    // kubectl hides the key unless --raw: newer releases print DATA+OMITTED, 1.20 prints REDACTED.
    t.true(['DATA+OMITTED', 'REDACTED'].includes(minified.users[0]!.user['client-key-data']!), 'the key is hidden without --raw');

    const cert = Buffer.from(raw.users[0]!.user['client-certificate-data']!, 'base64');
    const certFile = join(dir, `${spec.name}-client.crt`);
    await writeFile(certFile, cert);
    t.is((await execa('openssl', ['verify', '-CAfile', join(dir, 'pki', 'ca.crt'), certFile])).stdout, `${certFile}: OK`);
    const subject = (await execa('openssl', ['x509', '-in', certFile, '-noout', '-subject'])).stdout;
    t.true(subject.endsWith(`CN = ${user}`), subject);
    t.is(Buffer.from(raw.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString(), await readFile(join(dir, 'pki', 'ca.crt'), 'utf8'));
  },
  title: (_, spec) => `kubectl loads ${spec.file}: context, user, server, --minify, client certificate chains to ca.crt`,
});

for (const spec of KUBECONFIGS) test(loads, spec);
