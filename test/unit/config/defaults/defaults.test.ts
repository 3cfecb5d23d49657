import test from 'ava';
import { RELEASES } from '../../../../src/versions/table.js';
import { join } from 'node:path';
import {
  DEFAULT_CRI_SOCKET,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_TOKEN_GROUPS,
  DEFAULT_TOKEN_USAGES,
} from '../../../../src/config/constants.js';
import { defaultCluster } from '../../../../src/config/defaults/cluster.js';
import { duration } from '../../../../src/config/duration.js';
import { generateBootstrapToken } from '../../../../src/config/bootstrap-token.js';
import { defaultTimeouts } from '../../../helpers/config.js';
import { GENERATED_TOKEN, HOST_ADDRESS, doc, load } from '../helpers.js';

test('flags-only init gets kubeadm defaults, paths under --kubernetes-dir', async (t) => {
  const { config, dir } = await load(undefined);
  const k8s = join(dir, 'k8s');
  t.is(config.cluster.certificatesDir, join(k8s, 'pki'));
  t.deepEqual(config.cluster.etcd, { local: { dataDir: join(k8s, 'etcd'), extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] } });
  t.deepEqual(config.cluster.networking, { serviceSubnet: '10.96.0.0/12', podSubnet: '', dnsDomain: 'cluster.local' });
  t.is(config.cluster.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
  t.is(config.cluster.imageRepository, 'registry.k8s.io');
  t.is(config.cluster.clusterName, 'kubernetes');
  t.is(config.cluster.encryptionAlgorithm, 'RSA-2048');
  t.is(config.cluster.certificateValidityPeriod.text, '8760h0m0s');
  t.is(config.cluster.caCertificateValidityPeriod.text, '87600h0m0s');
  t.deepEqual(config.cluster.dns, { disabled: false });
  t.deepEqual(config.cluster.proxy, { disabled: false });
  t.deepEqual(config.init.localAPIEndpoint, { advertiseAddress: HOST_ADDRESS, bindPort: 6443 });
  t.deepEqual(config.init.nodeRegistration, {
    name: 'node-1',
    criSocket: DEFAULT_CRI_SOCKET,
    taints: undefined,
    kubeletExtraArgs: [],
    ignorePreflightErrors: [],
    imagePullPolicy: 'IfNotPresent',
    imagePullSerial: true,
  });
  t.deepEqual(config.init.bootstrapTokens, [{ token: GENERATED_TOKEN, generated: true, ttl: duration('24h0m0s'), usages: [...DEFAULT_TOKEN_USAGES], groups: [...DEFAULT_TOKEN_GROUPS] }]);
  t.deepEqual(config.init.timeouts, defaultTimeouts());
  t.is(config.join, undefined);
  t.is(config.source, undefined);
});

test('the default /etc/kubernetes root gives kubeadm\'s exact paths', async (t) => {
  const { config } = await load(undefined, { kubernetesDir: '/etc/kubernetes' });
  t.is(config.cluster.certificatesDir, '/etc/kubernetes/pki');
  t.is(config.cluster.etcd.local?.dataDir, '/var/lib/etcd');
});

test('a real random token is generated when none is configured', async (t) => {
  const { config } = await load(undefined, { env: { generateToken: generateBootstrapToken } });
  t.regex(config.init.bootstrapTokens[0]!.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
});

test('taints: absent stays undefined (default taint later), explicit [] stays []', async (t) => {
  const absent = await load(doc('InitConfiguration', 'nodeRegistration:\n  name: a\n'));
  t.is(absent.config.init.nodeRegistration.taints, undefined);
  const nul = await load(doc('InitConfiguration', 'nodeRegistration:\n  taints: null\n'));
  t.is(nul.config.init.nodeRegistration.taints, undefined);
  const empty = await load(doc('InitConfiguration', 'nodeRegistration:\n  taints: []\n'));
  t.deepEqual(empty.config.init.nodeRegistration.taints, []);
  const one = await load(doc('InitConfiguration', 'nodeRegistration:\n  taints:\n  - key: dedicated\n    value: infra\n    effect: NoSchedule\n'));
  t.deepEqual(one.config.init.nodeRegistration.taints, [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }]);
});

test('a criSocket without scheme gets unix:// with a warning', async (t) => {
  const { config, warnings } = await load(doc('InitConfiguration', 'nodeRegistration:\n  criSocket: /run/containerd/containerd.sock\n'));
  t.is(config.init.nodeRegistration.criSocket, 'unix:///run/containerd/containerd.sock');
  t.regex(warnings, /\[config\] WARNING: Usage of CRI endpoints without URL scheme is deprecated.*prepending scheme "unix"/);
});

test('relative paths kubeadm accepts are taken from the working directory (patches, discovery file)', async (t) => {
  const { config, dir } = await load(doc('InitConfiguration', 'patches:\n  directory: ./patches\n'));
  t.deepEqual(config.init.patches, { directory: join(dir, 'patches') });
  const yaml = doc('JoinConfiguration', 'discovery:\n  file:\n    kubeConfigPath: cluster.yaml\n');
  const joined = await load(yaml, { command: 'join' });
  t.is(joined.config.join!.discovery.file!.kubeConfigPath, join(joined.dir, 'cluster.yaml'));
});

test('paths kubeadm requires to be absolute are kept as written, for validation to refuse', (t) => {
  const raw = { certificatesDir: 'out/pki', etcd: { local: { dataDir: './etcd-data' } } };
  const cluster = defaultCluster(raw, { kubernetesDir: '/etc/kubernetes', cwd: '/somewhere' });
  t.is(cluster.certificatesDir, 'out/pki');
  t.is(cluster.etcd.local?.dataDir, './etcd-data');
  const external = defaultCluster({ etcd: { external: { endpoints: ['https://e:2379'], caFile: 'ca.crt' } } }, { kubernetesDir: '/etc/kubernetes', cwd: '/somewhere' });
  t.is(external.etcd.external?.caFile, 'ca.crt');
});

test('version labels resolve offline; a bare version gets its v', async (t) => {
  for (const label of ['stable', 'stable-1', 'latest', 'latest-1']) {
    const { config } = await load(doc('ClusterConfiguration', `kubernetesVersion: ${label}\n`));
    t.is(config.cluster.kubernetesVersion, DEFAULT_KUBERNETES_VERSION, label);
  }
  const bare = DEFAULT_KUBERNETES_VERSION.slice(1);
  const { config } = await load(doc('ClusterConfiguration', `kubernetesVersion: "${bare}"\n`));
  t.is(config.cluster.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
});

test('stable-1.MINOR and latest-1.MINOR resolve offline to the newest patch of that minor the version table knows', async (t) => {
  for (const r of RELEASES) {
    for (const label of [`stable-1.${r.minor}`, `latest-1.${r.minor}`]) {
      const { config } = await load(doc('ClusterConfiguration', `kubernetesVersion: ${label}\n`));
      t.is(config.cluster.kubernetesVersion, `v1.${r.minor}.${r.latestPatch}`, label);
    }
  }
  const err = await t.throwsAsync(load(doc('ClusterConfiguration', 'kubernetesVersion: stable-1.30\n')));
  t.regex(err!.message, /stable-1\.30" names Kubernetes v1\.30, which this minikubeadm does not deploy \(v1\.31 to v1\.37\)/);
});

test('durations are normalised to Go\'s canonical form', (t) => {
  t.is(duration('87600h').text, '87600h0m0s');
  t.is(duration('90m').text, '1h30m0s');
  t.is(duration('30s').text, '30s');
  t.is(duration('0').text, '0s');
  t.is(duration('bogus').text, 'bogus');
  t.true(Number.isNaN(duration('bogus').ms), 'kept for validation to report');
});

test('loopback or unspecified advertise addresses are replaced by the detected one (kubeadm)', async (t) => {
  const lo = await load(doc('InitConfiguration', 'localAPIEndpoint:\n  advertiseAddress: 127.0.0.1\n'));
  t.is(lo.config.init.localAPIEndpoint.advertiseAddress, HOST_ADDRESS);
  t.regex(lo.warnings, /overriding requested API server advertise address 127\.0\.0\.1/);
  const any = await load(doc('InitConfiguration', 'localAPIEndpoint:\n  advertiseAddress: 0.0.0.0\n  bindPort: 7443\n'));
  t.deepEqual(any.config.init.localAPIEndpoint, { advertiseAddress: HOST_ADDRESS, bindPort: 7443 });
  const given = await load(doc('InitConfiguration', 'localAPIEndpoint:\n  advertiseAddress: 198.51.100.7\n'));
  t.is(given.config.init.localAPIEndpoint.advertiseAddress, '198.51.100.7');
});

test('empty strings mean "not set", as Go zero values do', async (t) => {
  const { config, dir } = await load(doc('ClusterConfiguration', 'certificatesDir: ""\nimageRepository: ""\nnetworking:\n  dnsDomain: ""\n'));
  t.is(config.cluster.certificatesDir, join(dir, 'k8s', 'pki'));
  t.is(config.cluster.imageRepository, 'registry.k8s.io');
  t.is(config.cluster.networking.dnsDomain, 'cluster.local');
});

test('a token list item without token gets a generated one; usages without authentication get no default groups', async (t) => {
  const { config } = await load(doc('InitConfiguration', 'bootstrapTokens:\n- description: signing only\n  usages: [signing]\n  ttl: 0s\n'));
  t.deepEqual(config.init.bootstrapTokens, [{ token: GENERATED_TOKEN, generated: true, description: 'signing only', ttl: duration('0s'), usages: ['signing'], groups: [] }]);
});

test('external etcd replaces the local default', async (t) => {
  const { config } = await load(
    doc('ClusterConfiguration', 'etcd:\n  external:\n    endpoints: [https://10.0.0.5:2379]\n    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/c.crt\n    keyFile: /etc/etcd/c.key\n'),
  );
  t.is(config.cluster.etcd.local, undefined);
  t.deepEqual(config.cluster.etcd.external, { endpoints: ['https://10.0.0.5:2379'], httpEndpoints: [], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/c.crt', keyFile: '/etc/etcd/c.key' });
});

const EXTERNAL_HTTP = 'etcd:\n  external:\n    endpoints: [https://10.0.0.5:2379]\n    httpEndpoints: [https://10.0.0.5:2382]\n    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/c.crt\n    keyFile: /etc/etcd/c.key\n';

test('etcd.external.httpEndpoints (v1.35+) is kept; older versions refuse it', async (t) => {
  const { config } = await load(doc('ClusterConfiguration', EXTERNAL_HTTP));
  t.deepEqual(config.cluster.etcd.external!.httpEndpoints, ['https://10.0.0.5:2382']);
  const err = await t.throwsAsync(load(doc('ClusterConfiguration', `kubernetesVersion: v1.34.2\n${EXTERNAL_HTTP}`)));
  t.regex(err!.message, /ClusterConfiguration\.etcd\.external\.httpEndpoints: is known from Kubernetes v1\.35 on, not in v1\.34\.2/);
  const bad = await t.throwsAsync(load(doc('ClusterConfiguration', EXTERNAL_HTTP.replace('https://10.0.0.5:2382', 'http://10.0.0.5:2382'))));
  t.regex(bad!.message, /httpEndpoints\[0\]: "http:\/\/10\.0\.0\.5:2382" must use https:\/\/ when caFile\/certFile\/keyFile are set/);
});

test('join defaults: caCertPath under certificatesDir, TLS bootstrap token = discovery token, timeouts', async (t) => {
  const yaml = doc('JoinConfiguration', 'discovery:\n  bootstrapToken:\n    token: abcdef.0123456789abcdef\n    apiServerEndpoint: 192.0.2.1:6443\n    unsafeSkipCAVerification: true\n');
  const { config, dir } = await load(yaml, { command: 'join' });
  t.truthy(config.join);
  t.is(config.join!.caCertPath, join(dir, 'k8s', 'pki', 'ca.crt'));
  t.is(config.join!.discovery.tlsBootstrapToken, 'abcdef.0123456789abcdef');
  t.deepEqual(config.join!.timeouts, defaultTimeouts());
  t.is(config.join!.nodeRegistration.name, 'node-1');
  t.is(config.join!.controlPlane, undefined);
});

test('component configs are kept verbatim', async (t) => {
  const yaml = [doc('ClusterConfiguration'), 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: cgroupfs\nmaxPods: 200\n', 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n'].join('---\n');
  const { config } = await load(yaml);
  t.deepEqual(config.kubelet, { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'cgroupfs', maxPods: 200 });
  t.deepEqual(config.kubeProxy, { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'ipvs' });
});
