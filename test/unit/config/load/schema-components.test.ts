import test from 'ava';
import { parseAllDocuments } from 'yaml';
import { formatDocuments, initDefaultsDocuments } from '../../../../src/config/encode/print.js';
import { schemaHas } from '../../../../src/config/load/schema.js';
import { KUBELET_SCHEMA, KUBE_PROXY_SCHEMA } from '../../../../src/config/load/schema-components.js';
import { doc, issuesOf, load } from '../helpers.js';

const KUBELET = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const PROXY = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n';
const withCluster = (...docs: string[]): string => [doc('ClusterConfiguration'), ...docs].join('---\n');

test('unknown fields and wrong types in a KubeletConfiguration are errors with path and line', async (t) => {
  const yaml = withCluster(`${KUBELET}bogusKubelet: 1\ncgroupDriver: 5\nclusterDNS: "notalist"\n`);
  const issues = await issuesOf(t, yaml);
  // The ClusterConfiguration takes lines 1–2, the separator line 3, the kubelet document starts at line 4.
  t.deepEqual(
    issues.map((i) => [i.path, i.source?.replace(/^.*\//, '')]),
    [
      ['KubeletConfiguration.bogusKubelet', 'cluster.yaml:6'],
      ['KubeletConfiguration.cgroupDriver', 'cluster.yaml:7'],
      ['KubeletConfiguration.clusterDNS', 'cluster.yaml:8'],
    ],
  );
  t.regex(issues[0]!.message, /^unknown field "bogusKubelet"/);
  t.is(issues[1]!.message, 'must be one of "systemd", "cgroupfs" (or "" for the default), got number 5');
  t.is(issues[2]!.message, 'must be a list, got the string "notalist"');
});

test('nested kubelet and kube-proxy fields are checked', async (t) => {
  const kubelet = `${KUBELET}authentication:\n  anonymous:\n    enabled: "no"\n  webhook:\n    cacheTTL: 2 minutes\nauthorization:\n  mode: RBAC\nevictionHard:\n  memory.available: 100\nsyncFrequency: 60\nlogging: verbose\nshutdownGracePeriodByPodPriority:\n- priority: high\n`;
  const proxy = `${PROXY}mode: userspace\nipvs:\n  strictArp: true\niptables:\n  masqueradeBit: "14"\nconntrack:\n  tcpEstablishedTimeout: 1d\nclientConnection:\n  qps: fast\n`;
  const issues = await issuesOf(t, withCluster(kubelet, proxy));
  const got = Object.fromEntries(issues.map((i) => [i.path, i.message]));
  t.deepEqual(Object.keys(got).sort(), [
    'KubeProxyConfiguration.clientConnection.qps',
    'KubeProxyConfiguration.conntrack.tcpEstablishedTimeout',
    'KubeProxyConfiguration.iptables.masqueradeBit',
    'KubeProxyConfiguration.ipvs.strictArp',
    'KubeProxyConfiguration.mode',
    'KubeletConfiguration.authentication.anonymous.enabled',
    'KubeletConfiguration.authentication.webhook.cacheTTL',
    'KubeletConfiguration.authorization.mode',
    'KubeletConfiguration.evictionHard.memory.available',
    'KubeletConfiguration.logging',
    'KubeletConfiguration.shutdownGracePeriodByPodPriority[0].priority',
    'KubeletConfiguration.syncFrequency',
  ]);
  t.regex(got['KubeProxyConfiguration.mode']!, /one of "iptables", "ipvs", "nftables", "kernelspace"/);
  t.regex(got['KubeProxyConfiguration.ipvs.strictArp']!, /did you mean "strictARP"\?/);
  t.regex(got['KubeletConfiguration.syncFrequency']!, /duration string .*got number 60/);
  t.regex(got['KubeletConfiguration.logging']!, /must be a mapping/);
  t.true(issues.every((i) => /cluster\.yaml:\d+$/.test(i.source ?? '')), JSON.stringify(issues));
});

test('component config problems are reported together with the kubeadm documents\' problems', async (t) => {
  const yaml = [doc('ClusterConfiguration', 'networking:\n  podSubnett: 10.244.0.0/16\n'), `${PROXY}mode: bogus\n`].join('---\n');
  const issues = await issuesOf(t, yaml);
  t.deepEqual(issues.map((i) => i.path), ['ClusterConfiguration.networking.podSubnett', 'KubeProxyConfiguration.mode']);
});

test('every proxy mode and cgroup driver kubeadm users write is accepted', async (t) => {
  for (const mode of ['""', 'iptables', 'ipvs', 'nftables', 'kernelspace']) {
    for (const driver of ['systemd', 'cgroupfs']) {
      const { config } = await load(withCluster(`${KUBELET}cgroupDriver: ${driver}\n`, `${PROXY}mode: ${mode}\n`));
      t.is(config.kubelet?.['cgroupDriver'], driver);
      t.is(config.kubeProxy?.['mode'], mode === '""' ? '' : mode);
    }
  }
});

test('valid component configs are kept verbatim, nulls and all', async (t) => {
  const kubelet = [
    KUBELET,
    'cgroupDriver: systemd\nclusterDNS: [10.96.0.10]\nclusterDomain: cluster.local\nmaxPods: 200\nrotateCertificates: true\n',
    'serverTLSBootstrap: true\nfailSwapOn: false\nmemorySwap:\n  swapBehavior: LimitedSwap\nfeatureGates:\n  NodeSwap: true\n',
    'authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n    cacheTTL: 2m0s\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n',
    'authorization:\n  mode: Webhook\n  webhook:\n    cacheAuthorizedTTL: 5m\n    cacheUnauthorizedTTL: 30s\n',
    'evictionHard:\n  memory.available: 100Mi\n  nodefs.available: "10%"\nsystemReserved:\n  cpu: 500m\n  memory: 1Gi\n',
    'reservedMemory:\n- numaNode: 0\n  limits:\n    memory: 1Gi\n    hugepages-2Mi: 2\n',
    'registerWithTaints:\n- key: dedicated\n  value: infra\n  effect: NoSchedule\n',
    'logging:\n  format: json\n  flushFrequency: 5s\n  verbosity: 2\nmemoryThrottlingFactor: 0.8\nresolvConf: null\n',
  ].join('');
  const proxy = `${PROXY}mode: ipvs\nipvs:\n  scheduler: rr\n  strictARP: true\n  excludeCIDRs: null\nconntrack:\n  maxPerCore: 0\n  min: null\nclientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n  qps: 5.5\n  burst: 10\nnodePortAddresses: [primary]\n`;
  const { config } = await load(withCluster(kubelet, proxy));
  const expected = parseAllDocuments(withCluster(kubelet, proxy)).map((d) => d.toJS() as Record<string, unknown>);
  t.deepEqual(config.kubelet, expected[1]);
  t.deepEqual(config.kubeProxy, expected[2]);
  t.is(config.kubelet?.['resolvConf'], null);
  t.is((config.kubeProxy?.['conntrack'] as Record<string, unknown>)['min'], null);
});

test('the component configs `config print --component-configs` writes load back without issues', async (t) => {
  const text = formatDocuments(await initDefaultsDocuments({ componentConfigs: ['KubeletConfiguration', 'KubeProxyConfiguration'] }));
  const { config } = await load(text);
  const printed = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
  t.deepEqual(config.kubelet, printed.find((d) => d['kind'] === 'KubeletConfiguration'));
  t.deepEqual(config.kubeProxy, printed.find((d) => d['kind'] === 'KubeProxyConfiguration'));
});

const has = test.macro({
  exec(t, schema: 'kubelet' | 'proxy', path: string) {
    t.true(schemaHas(schema === 'kubelet' ? KUBELET_SCHEMA : KUBE_PROXY_SCHEMA, path.split('.')));
  },
  title: (_t, schema, path) => `the ${schema} schema knows ${path}`,
});
for (const path of [
  'cgroupDriver', 'clusterDNS', 'clusterDomain', 'evictionHard', 'evictionSoftGracePeriod', 'authentication.x509.clientCAFile',
  'authentication.webhook.cacheTTL', 'authorization.webhook.cacheAuthorizedTTL', 'rotateCertificates', 'serverTLSBootstrap',
  'maxPods', 'podPidsLimit', 'systemReserved', 'kubeReserved', 'featureGates', 'containerRuntimeEndpoint', 'failSwapOn',
  'memorySwap.swapBehavior', 'shutdownGracePeriod', 'staticPodPath', 'tlsCipherSuites', 'healthzPort', 'readOnlyPort',
  'imageGCHighThresholdPercent', 'containerLogMaxSize', 'topologyManagerPolicy', 'cpuManagerPolicy', 'registerWithTaints',
]) {
  test(has, 'kubelet', path);
}
for (const path of [
  'mode', 'ipvs.scheduler', 'ipvs.strictARP', 'iptables.masqueradeAll', 'iptables.localhostNodePorts', 'nftables.masqueradeBit',
  'conntrack.maxPerCore', 'conntrack.tcpBeLiberal', 'clientConnection.kubeconfig', 'clusterCIDR', 'nodePortAddresses',
  'metricsBindAddress', 'detectLocalMode', 'detectLocal.bridgeInterface', 'featureGates', 'configSyncPeriod', 'winkernel.enableDSR',
]) {
  test(has, 'proxy', path);
}
