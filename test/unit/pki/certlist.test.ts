import test from 'ava';
import { CERTIFICATES, type CertSpec, altNamesFor, caSpecOf, certificatesFor, isCA } from '../../../src/pki/certlist.js';
import { testConfig } from '../../helpers/config.js';

const config = testConfig('/tmp/certlist-test');

// kubeadm v1.37 certlist.go: name, base name, CA, CN, O, EKU (reference §3.1; apiserver-kubelet-client as of k/k#138957).
const KUBEADM: [string, string, string | undefined, string, string[], string[]][] = [
  ['ca', 'ca', undefined, 'kubernetes', [], []],
  ['apiserver', 'apiserver', 'ca', 'kube-apiserver', [], ['serverAuth']],
  ['apiserver-kubelet-client', 'apiserver-kubelet-client', 'ca', 'kube-apiserver-kubelet-client', [], ['clientAuth']],
  ['front-proxy-ca', 'front-proxy-ca', undefined, 'front-proxy-ca', [], []],
  ['front-proxy-client', 'front-proxy-client', 'front-proxy-ca', 'front-proxy-client', [], ['clientAuth']],
  ['etcd-ca', 'etcd/ca', undefined, 'etcd-ca', [], []],
  ['etcd-server', 'etcd/server', 'etcd-ca', 'node-1', [], ['serverAuth', 'clientAuth']],
  ['etcd-peer', 'etcd/peer', 'etcd-ca', 'node-1', [], ['serverAuth', 'clientAuth']],
  ['etcd-healthcheck-client', 'etcd/healthcheck-client', 'etcd-ca', 'kube-etcd-healthcheck-client', [], ['clientAuth']],
  ['apiserver-etcd-client', 'apiserver-etcd-client', 'etcd-ca', 'kube-apiserver-etcd-client', [], ['clientAuth']],
];

test('the table lists kubeadm certificates in kubeadm order', (t) => {
  t.deepEqual(
    CERTIFICATES.map((c) => c.name),
    KUBEADM.map((row) => row[0]),
  );
});

const row = test.macro<[(typeof KUBEADM)[number]]>({
  exec(t, expected) {
    const [name, baseName, ca, cn, o, eku] = expected;
    const spec = CERTIFICATES.find((c) => c.name === name) as CertSpec;
    t.is(spec.baseName, baseName);
    t.is(spec.ca, ca);
    t.is(spec.commonName(config), cn);
    t.deepEqual([...spec.organization(config)], o);
    t.deepEqual([...spec.usages], eku);
    t.is(isCA(spec), ca === undefined);
  },
  title: (_, expected) => `${expected[0]}: file, CA, CN, O and usages as kubeadm`,
});
for (const expected of KUBEADM) test(row, expected);

test('every CA comes before the certificates it signs', (t) => {
  CERTIFICATES.forEach((spec, i) => {
    const ca = caSpecOf(spec);
    if (ca) t.true(CERTIFICATES.indexOf(ca) < i, `${spec.name} is listed before its CA ${ca.name}`);
  });
});

test('a CA has its CommonName as its only SAN; client certificates have none', (t) => {
  const none = () => t.fail('no warning expected');
  t.deepEqual(altNamesFor(CERTIFICATES[0]!, config, none), { dnsNames: ['kubernetes'], ips: [] });
  t.deepEqual(altNamesFor(CERTIFICATES.find((c) => c.name === 'etcd-ca')!, config, none), { dnsNames: ['etcd-ca'], ips: [] });
  t.deepEqual(altNamesFor(CERTIFICATES.find((c) => c.name === 'front-proxy-client')!, config, none), { dnsNames: [], ips: [] });
});

test('external etcd leaves out every etcd certificate (kubeadm GetCertsWithoutEtcd)', (t) => {
  const external = testConfig('/tmp/certlist-test', { cluster: { etcd: { external: { endpoints: ['https://10.0.0.1:2379'], caFile: '', certFile: '', keyFile: '' } } } });
  t.deepEqual(
    certificatesFor(external).map((c) => c.name),
    ['ca', 'apiserver', 'apiserver-kubelet-client', 'front-proxy-ca', 'front-proxy-client'],
  );
  t.is(certificatesFor(config).length, 10);
});

test('apiserver-kubelet-client is in kubeadm:cluster-admins until the patch of each minor that binds it to system:kubelet-api-admin', (t) => {
  const spec = CERTIFICATES.find((c) => c.name === 'apiserver-kubelet-client')!;
  const at = (kubernetesVersion: string) => [...spec.organization({ ...config, cluster: { ...config.cluster, kubernetesVersion } })];
  const admins = ['kubeadm:cluster-admins'];
  for (const v of ['v1.31.14', 'v1.32.4', 'v1.33.11', 'v1.34.7', 'v1.35.4', 'v1.36.0']) t.deepEqual(at(v), admins, v);
  for (const v of ['v1.33.12', 'v1.34.8', 'v1.35.5', 'v1.36.1', 'v1.37.0']) t.deepEqual(at(v), [], v);
});
