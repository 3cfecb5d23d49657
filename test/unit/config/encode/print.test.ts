import test from 'ava';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_KUBERNETES_VERSION } from '../../../../src/config/constants.js';
import { formatDocuments, initDefaultsDocuments, joinDefaultsDocuments } from '../../../../src/config/encode/print.js';
import { MinikubeadmError } from '../../../../src/errors.js';
import { load } from '../helpers.js';

/** Every leaf path of a document, e.g. `nodeRegistration.taints`. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

// The field set of `kubeadm config print init-defaults` (v1.31+, kubeadm.k8s.io/v1beta4).
const KUBEADM_INIT_FIELDS = [
  'apiVersion', 'bootstrapTokens', 'kind', 'localAPIEndpoint.advertiseAddress', 'localAPIEndpoint.bindPort',
  'nodeRegistration.criSocket', 'nodeRegistration.imagePullPolicy', 'nodeRegistration.imagePullSerial', 'nodeRegistration.name',
  'nodeRegistration.taints', 'timeouts.controlPlaneComponentHealthCheck', 'timeouts.discovery', 'timeouts.etcdAPICall',
  'timeouts.kubeletHealthCheck', 'timeouts.kubernetesAPICall', 'timeouts.tlsBootstrap', 'timeouts.upgradeManifests',
];
const KUBEADM_CLUSTER_FIELDS = [
  'apiServer', 'apiVersion', 'caCertificateValidityPeriod', 'certificateValidityPeriod', 'certificatesDir', 'clusterName',
  'controllerManager', 'dns', 'encryptionAlgorithm', 'etcd.local.dataDir', 'imageRepository', 'kind', 'kubernetesVersion',
  'networking.dnsDomain', 'networking.serviceSubnet', 'proxy', 'scheduler',
];
const KUBEADM_JOIN_FIELDS = [
  'apiVersion', 'caCertPath', 'discovery.bootstrapToken.apiServerEndpoint', 'discovery.bootstrapToken.token',
  'discovery.bootstrapToken.unsafeSkipCAVerification', 'discovery.tlsBootstrapToken', 'kind', 'nodeRegistration.criSocket',
  'nodeRegistration.imagePullPolicy', 'nodeRegistration.imagePullSerial', 'nodeRegistration.name', 'nodeRegistration.taints',
  'timeouts.controlPlaneComponentHealthCheck', 'timeouts.discovery', 'timeouts.etcdAPICall', 'timeouts.kubeletHealthCheck',
  'timeouts.kubernetesAPICall', 'timeouts.tlsBootstrap', 'timeouts.upgradeManifests',
];

const parse = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);

test('print init-defaults has exactly kubeadm\'s field set', async (t) => {
  const [init, cluster] = parse(formatDocuments(await initDefaultsDocuments()));
  t.deepEqual(leafPaths(init).sort(), [...KUBEADM_INIT_FIELDS].sort());
  t.deepEqual(leafPaths(cluster).sort(), [...KUBEADM_CLUSTER_FIELDS].sort());
});

test('print join-defaults has exactly kubeadm\'s field set', async (t) => {
  const [joinDoc] = parse(formatDocuments(await joinDefaultsDocuments()));
  t.deepEqual(leafPaths(joinDoc).sort(), [...KUBEADM_JOIN_FIELDS].sort());
});

test('init-defaults text is in kubeadm\'s layout: sorted keys, unindented lists, placeholders', async (t) => {
  const text = formatDocuments(await initDefaultsDocuments());
  t.true(text.startsWith('apiVersion: kubeadm.k8s.io/v1beta4\nbootstrapTokens:\n- groups:\n  - system:bootstrappers:kubeadm:default-node-token\n  token: abcdef.0123456789abcdef\n  ttl: 24h0m0s\n  usages:\n  - signing\n  - authentication\nkind: InitConfiguration\n'));
  t.true(text.includes('localAPIEndpoint:\n  advertiseAddress: 1.2.3.4\n  bindPort: 6443\n'));
  t.true(text.includes('  name: node\n  taints: null\n'));
  t.true(text.includes('\n---\napiServer: {}\napiVersion: kubeadm.k8s.io/v1beta4\n'));
  t.true(text.includes(`kubernetesVersion: ${DEFAULT_KUBERNETES_VERSION.slice(1)}\n`));
  t.true(text.includes('etcd:\n  local:\n    dataDir: /var/lib/etcd\n'));
});

test('--kubernetes-dir moves certificatesDir, etcd dataDir and caCertPath', async (t) => {
  const [, cluster] = (await initDefaultsDocuments({ kubernetesDir: '/srv/k8s' })) as [unknown, Record<string, any>];
  t.is(cluster['certificatesDir'], '/srv/k8s/pki');
  t.deepEqual(cluster['etcd'], { local: { dataDir: '/srv/k8s/etcd' } });
  t.is((await joinDefaultsDocuments({ kubernetesDir: '/srv/k8s' }))[0]!['caCertPath'], '/srv/k8s/pki/ca.crt');
});

test('--component-configs appends defaulted KubeletConfiguration and KubeProxyConfiguration', async (t) => {
  const docs = parse(formatDocuments(await initDefaultsDocuments({ componentConfigs: ['KubeletConfiguration,KubeProxyConfiguration'] })));
  t.deepEqual(docs.map((d) => d['kind']), ['InitConfiguration', 'ClusterConfiguration', 'KubeletConfiguration', 'KubeProxyConfiguration']);
  const kubelet = docs[2] as Record<string, any>;
  t.deepEqual(kubelet['clusterDNS'], ['10.96.0.10']);
  t.is(kubelet['clusterDomain'], 'cluster.local');
  t.is(kubelet['staticPodPath'], '/etc/kubernetes/manifests');
  t.is(kubelet['authentication'].x509.clientCAFile, '/etc/kubernetes/pki/ca.crt');
  t.is(kubelet['cgroupDriver'], 'systemd');
  const proxy = docs[3] as Record<string, any>;
  t.is(proxy['bindAddress'], '0.0.0.0');
  t.is(proxy['clientConnection'].kubeconfig, '/var/lib/kube-proxy/kubeconfig.conf');
  t.is(proxy['clusterCIDR'], '');
  t.true(formatDocuments([proxy]).includes('clusterCIDR: ""\n'));
});

test('an unknown component config is a FLAG_INVALID error listing the valid ones', async (t) => {
  const err = await t.throwsAsync(initDefaultsDocuments({ componentConfigs: ['KubeletConfig'] }), { instanceOf: MinikubeadmError });
  t.is(err!.code, 'FLAG_INVALID');
  t.regex(err!.hint ?? '', /KubeletConfiguration, KubeProxyConfiguration/);
});

test('printed defaults load back through the pipeline unchanged where they are not placeholders', async (t) => {
  const { config } = await load(formatDocuments(await initDefaultsDocuments()), { kubernetesDir: '/etc/kubernetes' });
  t.is(config.init.bootstrapTokens[0]!.token, 'abcdef.0123456789abcdef');
  t.is(config.init.localAPIEndpoint.advertiseAddress, '1.2.3.4');
  t.is(config.init.nodeRegistration.name, 'node');
  t.is(config.init.nodeRegistration.taints, undefined);
  t.is(config.cluster.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
  t.is(config.cluster.certificatesDir, '/etc/kubernetes/pki');
  const joined = await load(formatDocuments(await joinDefaultsDocuments()), { command: 'join', kubernetesDir: '/etc/kubernetes' });
  t.is(joined.config.join!.discovery.bootstrapToken!.apiServerEndpoint, 'kube-apiserver:6443');
});
