/**
 * File discovery (--discovery-file FILE or https://URL) against real HTTPS servers on 127.0.0.1:
 * the file's CA and credentials are used to read cluster-info, differences are warned about, and
 * each failure has its message. The https:// download trusts this process's default CA store, to
 * which the test cluster CA is added.
 */
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import test, { type ExecutionContext } from 'ava';
import { CLUSTER_INFO_PATH } from '../../../src/discovery/fetch.js';
import { fileDiscovery } from '../../../src/discovery/file.js';
import { MinikubeadmError } from '../../../src/errors.js';
import type { ReadFile } from '../../../src/kubeconfig/kubeconfig.js';
import { memoryLogger } from '../../../src/log.js';
import { type Answer, type ClusterInfoServer, clusterInfoServer, clusterInfoText, discoveryPki } from '../../helpers/cluster-info.js';

const FILE = '/etc/kubernetes/discovery.conf';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

interface FileOptions {
  ca?: string;
  insecure?: boolean;
  token?: string;
}

/** A discovery kubeconfig for `server` (a copy of cluster-info with a context, or an admin-like file). */
function discoveryKubeconfig(server: string, o: FileOptions): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubernetes',
    '  cluster:',
    `    server: ${server}`,
    ...(o.ca ? [`    certificate-authority-data: ${b64(o.ca)}`] : []),
    ...(o.insecure ? ['    insecure-skip-tls-verify: true'] : []),
    'contexts:',
    '- name: join',
    '  context:',
    '    cluster: kubernetes',
    '    user: joiner',
    'current-context: join',
    'users:',
    '- name: joiner',
    `  user: ${o.token ? `{token: ${o.token}}` : '{}'}`,
    '',
  ].join('\n');
}

const files = (entries: Record<string, string>): ReadFile => async (p) => entries[p];

async function serve(t: ExecutionContext, answer: (n: number, url: string, self: () => ClusterInfoServer) => Answer | undefined, cert: 'serving' | 'mitm' = 'serving'): Promise<ClusterInfoServer> {
  const pki = await discoveryPki();
  let s: ClusterInfoServer | undefined;
  s = await clusterInfoServer(pki[cert], (n, req) => answer(n, req.url ?? '', () => s!));
  t.teardown(() => s!.close());
  return s;
}

async function refused(t: ExecutionContext, p: Promise<unknown>): Promise<MinikubeadmError> {
  const e = await t.throwsAsync(p, { instanceOf: MinikubeadmError });
  t.is(e!.code, 'DISCOVERY_FAILED');
  return e!;
}

test.before(async () => {
  const pki = await discoveryPki();
  setDefaultCACertificates([...getCACertificates('default'), pki.ca.cert.pem]);
});

test('a file with an embedded CA: cluster-info read anonymously through it, nothing to warn about', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, (_n, _u, self) => ({ data: { kubeconfig: clusterInfoText(self().url, pki.ca.cert.pem) } }));
  const log = memoryLogger(1);
  const found = await fileDiscovery({ location: FILE, read: files({ [FILE]: discoveryKubeconfig(s.url, { ca: pki.ca.cert.pem }) }), timeoutMs: 10_000, intervalMs: 20, log: log.log });
  t.is(found.via, 'file');
  t.is(found.server, s.url);
  t.is(found.caPem, pki.ca.cert.pem);
  t.deepEqual(found.pinned, []);
  t.is(found['endpoint'], undefined);
  t.is(found.kubeconfig['current-context'], 'join');
  t.deepEqual(s.seen, [{ method: 'GET', url: CLUSTER_INFO_PATH, authorization: undefined }]);
  t.regex(log.err(), /Discovery file does not contains authentication credentials, using unauthenticated request/);
  t.is(log.out(), '', 'no warning');
});

test('the file\'s credentials are used, and cluster-info naming another server is warned about', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, () => ({ data: { kubeconfig: clusterInfoText('https://10.0.0.99:6443', pki.ca.cert.pem) } }));
  const log = memoryLogger(1);
  const found = await fileDiscovery({
    location: FILE,
    read: files({ [FILE]: discoveryKubeconfig(s.url, { ca: pki.ca.cert.pem, token: 'abcdef.0123456789abcdef' }) }),
    timeoutMs: 10_000,
    intervalMs: 20,
    log: log.log,
  });
  t.is(found.server, s.url, 'the file\'s server is kept');
  t.is(s.seen[0]!.authorization, 'Bearer abcdef.0123456789abcdef');
  t.regex(log.err(), /Using authentication credentials from the discovery file for validating TLS connection/);
  t.is(log.out(), `WARNING: [discovery] the API Server endpoint "${s.url}" in use is different from the endpoint "https://10.0.0.99:6443" which defined in the cluster-info ConfigMap\n`);
});

test('a file without a CA (insecure-skip-tls-verify) takes cluster-info\'s', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, (_n, _u, self) => ({ data: { kubeconfig: clusterInfoText(self().url, pki.ca.cert.pem) } }));
  const log = memoryLogger(1);
  const found = await fileDiscovery({ location: FILE, read: files({ [FILE]: discoveryKubeconfig(s.url, { insecure: true }) }), timeoutMs: 10_000, intervalMs: 20, log: log.log });
  t.is(found.caPem, pki.ca.cert.pem);
  t.regex(log.err(), /Synced CertificateAuthorityData from the cluster-info ConfigMap/);
});

test('a file without a CA and a cluster-info without one: no CA, refused', async (t) => {
  const s = await serve(t, () => ({ data: {} }));
  const log = memoryLogger();
  const e = await refused(t, fileDiscovery({ location: FILE, read: files({ [FILE]: discoveryKubeconfig(s.url, { insecure: true }) }), timeoutMs: 10_000, intervalMs: 20, log: log.log }));
  t.is(e.message, 'could not get CA certificate from discovery kubeconfig: no CA certificate found in CertificateAuthorityData');
  t.is(e.hint, `put the cluster CA into ${FILE} (certificate-authority-data)`);
  t.regex(log.out(), /The cluster-info ConfigMap isn't set up properly \(no usable kubeconfig\), but the TLS cert is valid so proceeding/);
});

test('Forbidden on cluster-info is enough: the TLS handshake succeeded', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, () => ({ status: 403, body: '{"kind":"Status","code":403}' }));
  const log = memoryLogger();
  const found = await fileDiscovery({ location: FILE, read: files({ [FILE]: discoveryKubeconfig(s.url, { ca: pki.ca.cert.pem }) }), timeoutMs: 10_000, intervalMs: 20, log: log.log });
  t.is(found.caPem, pki.ca.cert.pem);
  t.is(s.seen.length, 1);
  t.regex(log.out(), /Could not access the cluster-info ConfigMap for refreshing the cluster-info information, but the TLS cert is valid so proceeding/);
});

test.serial('a 404 is retried until the timeout, then reported with its hint', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, () => ({ status: 404, body: '{}' }));
  const e = await refused(t, fileDiscovery({ location: FILE, read: files({ [FILE]: discoveryKubeconfig(s.url, { ca: pki.ca.cert.pem }) }), timeoutMs: 1_500, intervalMs: 500, log: memoryLogger().log }));
  t.is(e.message, `Abort reading the cluster-info ConfigMap after timeout of 1.5s: there is no cluster-info ConfigMap in kube-public at ${s.url} (HTTP 404): the control plane has not published it yet`);
  t.is(e.hint, 'run `minikubeadm init phase bootstrap-token` on the control plane');
  t.true(s.seen.length > 1);
});

test('a server whose certificate the file\'s CA did not sign is refused without retrying', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, () => ({ data: {} }), 'mitm');
  const e = await refused(t, fileDiscovery({ location: FILE, read: files({ [FILE]: discoveryKubeconfig(s.url, { ca: pki.ca.cert.pem }) }), timeoutMs: 10_000, intervalMs: 20, log: memoryLogger().log }));
  t.regex(e.message, /^Abort reading the cluster-info ConfigMap after timeout of 10s: unable to verify the first certificate/);
  t.is(s.seen.length, 0, 'the TLS handshake failed, no request reached the server');
  t.is(s.connections(), 1, 'and it was not retried');
});

test('https:// discovery: the kubeconfig is downloaded, then cluster-info read through it', async (t) => {
  const pki = await discoveryPki();
  const s = await serve(t, (_n, url, self) =>
    url === '/join/discovery.conf?v=1'
      ? { status: 200, body: discoveryKubeconfig(self().url, { ca: pki.ca.cert.pem }), contentType: 'application/yaml' }
      : url === CLUSTER_INFO_PATH
        ? { data: { kubeconfig: clusterInfoText(self().url, pki.ca.cert.pem) } }
        : undefined,
  );
  const found = await fileDiscovery({ location: `${s.url}/join/discovery.conf?v=1`, read: files({}), timeoutMs: 10_000, intervalMs: 20, log: memoryLogger().log });
  t.is(found.via, 'https');
  t.is(found.server, s.url);
  t.is(found.caPem, pki.ca.cert.pem);
  t.deepEqual(s.seen.map((r) => r.url), ['/join/discovery.conf?v=1', CLUSTER_INFO_PATH]);
});

test('https:// discovery with a non-200 status', async (t) => {
  const s = await serve(t, () => undefined);
  const url = `${s.url}/missing.conf`;
  const e = await refused(t, fileDiscovery({ location: url, read: files({}), timeoutMs: 10_000, log: memoryLogger().log }));
  t.is(e.message, `error trying to fetch discovery kubeconfig over HTTPS from ${url}, received status 404`);
  t.is(e.hint, 'check the URL given to --discovery-file');
  t.is(s.seen.length, 1);
});

test('https:// discovery from a server this host does not trust', async (t) => {
  const s = await serve(t, () => ({ status: 200, body: 'apiVersion: v1' }), 'mitm');
  const url = `${s.url}/discovery.conf`;
  const e = await refused(t, fileDiscovery({ location: url, read: files({}), timeoutMs: 10_000, log: memoryLogger().log }));
  t.true(e.message.startsWith(`error trying to fetch discovery kubeconfig over HTTPS from ${url}: unable to verify the first certificate`), e.message);
  t.is(e.hint, 'check the URL given to --discovery-file and that this node reaches it');
  t.is(s.seen.length, 0);
});

test('a missing file, a file that is not a kubeconfig, a kubeconfig without clusters', async (t) => {
  const log = memoryLogger();
  const missing = await refused(t, fileDiscovery({ location: '/nowhere/discovery.conf', read: files({}), timeoutMs: 1_000, log: log.log }));
  t.is(missing.message, 'the discovery file /nowhere/discovery.conf does not exist');
  t.is(missing.hint, 'pass a kubeconfig file or an https:// URL to --discovery-file');

  const notKubeconfig = await refused(t, fileDiscovery({ location: FILE, read: files({ [FILE]: 'kind: Pod\n' }), timeoutMs: 1_000, log: log.log }));
  t.regex(notKubeconfig.message, /^the discovery file \/etc\/kubernetes\/discovery\.conf is not a kubeconfig: .*has kind "Pod", expected "Config"/);

  const empty = await refused(t, fileDiscovery({ location: FILE, read: files({ [FILE]: 'apiVersion: v1\nkind: Config\nclusters: []\n' }), timeoutMs: 1_000, log: log.log }));
  t.is(empty.message, 'the provided kubeconfig file must have at least one Cluster defined');
  t.is(empty.hint, `fix ${FILE}`);

  const noContext = await refused(t, fileDiscovery({ location: FILE, read: files({ [FILE]: 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\n' }), timeoutMs: 1_000, log: log.log }));
  t.regex(noContext.message, /^the provided kubeconfig file is malformed: .*current-context is not set/);
  t.is(log.out(), '');
});

test('a discovery file naming a CA file that does not exist fails as DISCOVERY_FAILED, not as a kubeconfig to regenerate', async (t) => {
  const text = discoveryKubeconfig('https://127.0.0.1:1', {}).replace('    server: https://127.0.0.1:1', '    server: https://127.0.0.1:1\n    certificate-authority: /missing/ca.crt');
  const e = await t.throwsAsync(fileDiscovery({ location: FILE, read: files({ [FILE]: text }), timeoutMs: 500, log: memoryLogger().log }), { instanceOf: MinikubeadmError });
  t.is(e!.code, 'DISCOVERY_FAILED');
  t.notRegex(e!.hint!, /to have a new one generated/);
});
