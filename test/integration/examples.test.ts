/** Every shipped example validates with the real CLI, and loads to the values its comments promise. */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/constants.js';
import { loadConfig } from '../../src/config/index.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { memoryLogger } from '../../src/log.js';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const names = (await readdir(EXAMPLES)).filter((n) => n.endsWith('.yaml')).sort();

async function loadConfigFrom(file: string, command: 'init' | 'join' = 'init') {
  const { log, out } = memoryLogger();
  const kubernetesDir = await mkdtemp(join(tmpdir(), 'mka-example-'));
  const config = await loadConfig({ file, kubernetesDir, command, log });
  return { config, warnings: out(), kubernetesDir };
}

const loadExample = (name: string, command: 'init' | 'join' = 'init') => loadConfigFrom(join(EXAMPLES, name), command);

test('the examples the documentation promises are all there', (t) => {
  for (const n of ['single-node.yaml', 'ten-year-certificates.yaml', 'external-etcd.yaml', 'ha-stacked-etcd.yaml', 'worker-join.yaml', 'v1beta3-legacy.yaml']) {
    t.true(names.includes(n), n);
  }
});

for (const name of names) {
  test(`minikubeadm config validate accepts ${name}`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'mka-example-'));
    const file = join(EXAMPLES, name);
    // v1beta3 is deprecated: from v1.36 `config validate` accepts it only when told to.
    const allow = name.startsWith('v1beta3') ? ['--allow-deprecated-api'] : [];
    const r = await execa('node', [CLI, 'config', 'validate', '--config', file, '--kubernetes-dir', dir, ...allow], { reject: false });
    t.is(r.exitCode, 0, r.stderr);
    t.is(r.stdout, `ok: ${file} is a valid configuration`);
    t.deepEqual(await readdir(dir), []);
  });
}

test('single-node: untainted, pod subnet set, kubelet document kept', async (t) => {
  const { config, kubernetesDir } = await loadExample('single-node.yaml');
  t.deepEqual(config.init.nodeRegistration.taints, []);
  t.is(config.init.nodeRegistration.name, 'cp-1');
  t.is(config.cluster.networking.podSubnet, '10.244.0.0/16');
  t.is(config.cluster.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
  t.is(config.cluster.certificatesDir, join(kubernetesDir, 'pki'));
  t.regex(config.init.bootstrapTokens[0]!.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  t.not(config.init.localAPIEndpoint.advertiseAddress, '');
  t.deepEqual(config.kubelet, { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'systemd' });
});

test('ten-year-certificates: 10-year leaves, 20-year CAs, RSA-4096, no warning', async (t) => {
  const { config, warnings } = await loadExample('ten-year-certificates.yaml');
  t.is(config.cluster.certificateValidityPeriod.text, '87600h0m0s');
  t.is(config.cluster.caCertificateValidityPeriod.text, '175200h0m0s');
  t.is(config.cluster.encryptionAlgorithm, 'RSA-4096');
  t.is(warnings, '');
});

test('external-etcd: no local etcd, three https endpoints with client files', async (t) => {
  const { config } = await loadExample('external-etcd.yaml');
  t.is(config.cluster.etcd.local, undefined);
  t.is(config.cluster.etcd.external?.endpoints.length, 3);
  t.is(config.cluster.etcd.external?.keyFile, '/etc/kubernetes/pki/apiserver-etcd-client.key');
});

test('ha-stacked-etcd: endpoint, SANs, audit flags and volume', async (t) => {
  const { config } = await loadExample('ha-stacked-etcd.yaml');
  t.is(config.cluster.controlPlaneEndpoint, 'lb.example.com:6443');
  t.deepEqual(config.cluster.apiServer.certSANs, ['lb.example.com', '192.0.2.100', '*.cp.example.com']);
  t.deepEqual(config.cluster.apiServer.extraArgs.map((a) => a.name), ['audit-log-path', 'audit-log-maxage']);
  t.deepEqual(config.cluster.apiServer.extraVolumes, [
    { name: 'audit-log', hostPath: '/var/log/kubernetes', mountPath: '/var/log/kubernetes', readOnly: false, pathType: 'DirectoryOrCreate' },
  ]);
  t.deepEqual(config.cluster.etcd.local?.peerCertSANs, ['192.0.2.11', '192.0.2.12', '192.0.2.13']);
  t.deepEqual(config.init.localAPIEndpoint, { advertiseAddress: '192.0.2.11', bindPort: 6443 });
});

test('worker-join: token discovery pinned to the CA, TLS bootstrap token defaulted', async (t) => {
  const { config, kubernetesDir } = await loadExample('worker-join.yaml', 'join');
  const d = config.join!.discovery;
  t.is(d.bootstrapToken?.apiServerEndpoint, 'lb.example.com:6443');
  t.is(d.tlsBootstrapToken, 'abcdef.0123456789abcdef');
  t.is(d.bootstrapToken?.token, 'abcdef.0123456789abcdef');
  t.is(config.join!.caCertPath, join(kubernetesDir, 'pki', 'ca.crt'));
  t.is(config.join!.timeouts.discovery.text, '5m0s');
  t.deepEqual(config.join!.nodeRegistration.kubeletExtraArgs, [{ name: 'node-labels', value: 'node.kubernetes.io/pool=general' }]);
});

test('v1beta3-legacy: converted to the v1beta4 shape with a deprecation warning', async (t) => {
  const { config, warnings } = await loadExample('v1beta3-legacy.yaml');
  t.deepEqual(config.init.nodeRegistration.kubeletExtraArgs, [
    { name: 'max-pods', value: '150' },
    { name: 'node-ip', value: '192.0.2.30' },
  ]);
  t.deepEqual(config.cluster.apiServer.extraArgs, [
    { name: 'enable-admission-plugins', value: 'NodeRestriction' },
    { name: 'v', value: '2' },
  ]);
  t.is(config.init.timeouts.controlPlaneComponentHealthCheck.text, '6m0s');
  t.is(config.init.bootstrapTokens[0]!.ttl.text, '2h0m0s');
  t.is(config.init.bootstrapTokens[0]!.description, 'initial worker token');
  t.regex(warnings, /\[config\] WARNING: .*deprecated API version kubeadm\.k8s\.io\/v1beta3/);
  t.is(config.cluster.kubernetesVersion.slice(0, 6), 'v1.36.');
});

test('v1beta3-legacy: config validate refuses it without --allow-deprecated-api; config migrate rewrites it as v1beta4 that validates', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-example-'));
  const file = join(EXAMPLES, 'v1beta3-legacy.yaml');
  const refused = await execa('node', [CLI, 'config', 'validate', '--config', file, '--kubernetes-dir', dir], { reject: false });
  t.is(refused.exitCode, 1);
  t.regex(refused.stderr, /ClusterConfiguration\.apiVersion: kubeadm\.k8s\.io\/v1beta3 is deprecated: run `minikubeadm config migrate --old-config .*`.*--allow-deprecated-api/);
  const migrated = join(dir, 'migrated.yaml');
  const m = await execa('node', [CLI, 'config', 'migrate', '--old-config', file, '--new-config', migrated, '--kubernetes-dir', dir], { reject: false });
  t.is(m.exitCode, 0, m.stderr);
  const ok = await execa('node', [CLI, 'config', 'validate', '--config', migrated, '--kubernetes-dir', dir], { reject: false });
  t.is(ok.exitCode, 0, ok.stderr);
  t.is(ok.stderr, '', 'no deprecation warning for the migrated file');
  const { config } = await loadConfigFrom(migrated);
  const { config: original } = await loadExample('v1beta3-legacy.yaml');
  t.deepEqual(config.cluster.apiServer.extraArgs, original.cluster.apiServer.extraArgs);
  t.deepEqual(config.init.nodeRegistration.kubeletExtraArgs, original.init.nodeRegistration.kubeletExtraArgs);
  t.is(config.init.timeouts.controlPlaneComponentHealthCheck.text, '6m0s');
});

test('ecdsa-keys: every key ECDSA P-256', async (t) => {
  const { config } = await loadExample('ecdsa-keys.yaml');
  t.is(config.cluster.encryptionAlgorithm, 'ECDSA-P256');
});
