import test from 'ava';
import { duration } from '../../../src/config/duration.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/config/constants.js';
import { ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION, etcdCommand, etcdPod, etcdProbeEndpoint } from '../../../src/manifests/etcd.js';
import { releaseFor } from '../../../src/versions/release.js';
import { PKI, ROOT, flag, flags, inputsFor, local } from './helpers.js';

test('default flags are the 19 of kubeadm, sorted, with this run\'s paths (etcd 3.6 spellings)', (t) => {
  const command = etcdCommand(inputsFor());
  t.is(command[0], 'etcd');
  t.deepEqual(flags(command), [
    '--advertise-client-urls=https://192.0.2.10:2379',
    `--cert-file=${PKI}/etcd/server.crt`,
    '--client-cert-auth=true',
    `--data-dir=${ROOT}/etcd`,
    '--feature-gates=InitialCorruptCheck=true',
    '--initial-advertise-peer-urls=https://192.0.2.10:2380',
    '--initial-cluster=node-1=https://192.0.2.10:2380',
    `--key-file=${PKI}/etcd/server.key`,
    '--listen-client-urls=https://127.0.0.1:2379,https://192.0.2.10:2379',
    '--listen-metrics-urls=http://127.0.0.1:2381',
    '--listen-peer-urls=https://192.0.2.10:2380',
    '--name=node-1',
    `--peer-cert-file=${PKI}/etcd/peer.crt`,
    '--peer-client-cert-auth=true',
    `--peer-key-file=${PKI}/etcd/peer.key`,
    `--peer-trusted-ca-file=${PKI}/etcd/ca.crt`,
    '--snapshot-count=10000',
    `--trusted-ca-file=${PKI}/etcd/ca.crt`,
    '--watch-progress-notify-interval=5s',
  ]);
});

const releaseFlags = (command: string[]): string[] => flags(command).filter((f) => /corrupt|progress|feature-gates/i.test(f));
const PRE_36 = ['--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s'];
const ETCD_36 = ['--feature-gates=InitialCorruptCheck=true', '--watch-progress-notify-interval=5s'];

test('the corrupt-check and watch-progress flags follow the etcd image: pinned for the version, or etcd.local.imageTag', (t) => {
  t.deepEqual(releaseFlags(etcdCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.33.2' } }))), PRE_36, 'v1.33 pins etcd 3.5');
  t.deepEqual(releaseFlags(etcdCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.34.0' } }))), ETCD_36, 'v1.34 pins etcd 3.6');
  t.deepEqual(releaseFlags(etcdCommand(inputsFor({ cluster: { etcd: { local: local({ imageTag: '3.5.21-0' }) } } }))), PRE_36, 'an older etcd image keeps the pre-3.6 flags');
  t.deepEqual(releaseFlags(etcdCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.33.2', etcd: { local: local({ imageTag: 'v3.6.1' }) } } }))), ETCD_36);
  t.deepEqual(releaseFlags(etcdCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.33.2', etcd: { local: local({ imageTag: 'custom' }) } } }))), PRE_36, 'an unversioned tag follows the pinned etcd');
});

test('IPv6: ::1 for local URLs, bracketed URLs everywhere', (t) => {
  const inputs = inputsFor({ init: { localAPIEndpoint: { advertiseAddress: 'fd00::10', bindPort: 6443 } } });
  const { pod } = etcdPod(inputs);
  t.is(flag(pod.command, 'listen-client-urls'), 'https://[::1]:2379,https://[fd00::10]:2379');
  t.is(flag(pod.command, 'advertise-client-urls'), 'https://[fd00::10]:2379');
  t.is(flag(pod.command, 'listen-peer-urls'), 'https://[fd00::10]:2380');
  t.is(flag(pod.command, 'initial-cluster'), 'node-1=https://[fd00::10]:2380');
  t.is(flag(pod.command, 'listen-metrics-urls'), 'http://[::1]:2381');
  t.deepEqual(pod.annotations, [{ key: ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION, value: 'https://[fd00::10]:2379' }]);
  t.is(pod.probes.liveness.host, '::1');
});

test('extraArgs override defaults (e.g. for an etcd without the experimental flags)', (t) => {
  const command = etcdCommand(inputsFor({ cluster: { etcd: { local: local({ extraArgs: [{ name: 'snapshot-count', value: '5000' }, { name: 'quota-backend-bytes', value: '8589934592' }] }) } } }));
  t.is(flag(command, 'snapshot-count'), '5000');
  t.is(flag(command, 'quota-backend-bytes'), '8589934592');
  t.is(flags(command).length, 20);
  t.deepEqual(releaseFlags(etcdCommand(inputsFor({ cluster: { etcd: { local: local({ extraArgs: [{ name: 'watch-progress-notify-interval', value: '1s' }] }) } } }))), [
    '--feature-gates=InitialCorruptCheck=true',
    '--watch-progress-notify-interval=1s',
  ]);
});

test('a joining member lists the whole cluster and starts as existing', (t) => {
  const command = etcdCommand(inputsFor(), [
    { name: 'cp-0', peerURL: 'https://10.0.0.1:2380' },
    { name: 'node-1', peerURL: 'https://192.0.2.10:2380' },
  ]);
  t.is(flag(command, 'initial-cluster'), 'cp-0=https://10.0.0.1:2380,node-1=https://192.0.2.10:2380');
  t.is(flag(command, 'initial-cluster-state'), 'existing');
});

test('probes: /livez, /readyz (readiness and startup) on http://127.0.0.1:2381, through the named probe-port', (t) => {
  const { pod } = etcdPod(inputsFor({ init: { timeouts: { controlPlaneComponentHealthCheck: duration('4m0s') } } }));
  const at = { host: '127.0.0.1', port: 2381, portName: 'probe-port', scheme: 'HTTP' };
  t.deepEqual(pod.probes.liveness, { ...at, path: '/livez', initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 8, periodSeconds: 10 });
  t.deepEqual(pod.probes.readiness, { ...at, path: '/readyz', initialDelaySeconds: 0, timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 });
  t.deepEqual(pod.probes.startup, { ...at, path: '/readyz', initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 24, periodSeconds: 10 });
  t.deepEqual(pod.ports, [{ name: 'probe-port', containerPort: 2381 }]);
});

test('probes before v1.34: the port number, and no container ports', (t) => {
  const { pod } = etcdPod(inputsFor({ cluster: { kubernetesVersion: 'v1.33.0' } }));
  t.is(pod.probes.liveness.portName, '');
  t.is(pod.probes.liveness.port, 2381);
  t.deepEqual(pod.ports, []);
});

const metrics = test.macro({
  exec(t, urls: string, expected: { host: string; port: number; scheme: string }) {
    t.deepEqual(etcdProbeEndpoint(inputsFor({ cluster: { etcd: { local: local({ extraArgs: [{ name: 'listen-metrics-urls', value: urls }] }) } } })), expected);
  },
  title: (title = '') => `probe endpoint from listen-metrics-urls: ${title}`,
});
test('host and port', metrics, 'http://10.0.0.7:9090', { host: '10.0.0.7', port: 9090, scheme: 'HTTP' });
test('https scheme, first URL only', metrics, 'https://127.0.0.2:2382,http://10.0.0.7:9090', { host: '127.0.0.2', port: 2382, scheme: 'HTTPS' });
test('IPv6 host without brackets', metrics, 'http://[fd00::1]:2381', { host: 'fd00::1', port: 2381, scheme: 'HTTP' });
test('no port → 2381', metrics, 'http://10.0.0.7', { host: '10.0.0.7', port: 2381, scheme: 'HTTP' });
test('no host → localhost', metrics, 'http://:9999', { host: '127.0.0.1', port: 9999, scheme: 'HTTP' });
test('not a URL → defaults', metrics, '10.0.0.7:9090', { host: '127.0.0.1', port: 2381, scheme: 'HTTP' });
test('bad port → 2381', metrics, 'http://10.0.0.7:99999', { host: '10.0.0.7', port: 2381, scheme: 'HTTP' });

test('image: the supported etcd version of this Kubernetes minor, overridable', (t) => {
  const expected = releaseFor(DEFAULT_KUBERNETES_VERSION).images.etcd;
  t.is(etcdPod(inputsFor()).pod.image, `registry.k8s.io/etcd:${expected}`);
  t.is(etcdPod(inputsFor({ cluster: { imageRepository: 'mirror.example/k8s' } })).pod.image, `mirror.example/k8s/etcd:${expected}`);
  t.is(etcdPod(inputsFor({ cluster: { etcd: { local: local({ imageRepository: 'quay.example/coreos' }) } } })).pod.image, `quay.example/coreos/etcd:${expected}`);
  t.is(etcdPod(inputsFor({ cluster: { etcd: { local: local({ imageTag: '3.5.9-0' }) } } })).pod.image, 'registry.k8s.io/etcd:3.5.9-0');
});

test('volumes sorted by name, mounts in kubeadm\'s order, both read-write', (t) => {
  const { pod } = etcdPod(inputsFor());
  t.deepEqual(pod.volumes, [
    { name: 'etcd-certs', hostPath: `${PKI}/etcd`, type: 'DirectoryOrCreate' },
    { name: 'etcd-data', hostPath: `${ROOT}/etcd`, type: 'DirectoryOrCreate' },
  ]);
  t.deepEqual(pod.volumeMounts, [
    { name: 'etcd-data', mountPath: `${ROOT}/etcd`, readOnly: false },
    { name: 'etcd-certs', mountPath: `${PKI}/etcd`, readOnly: false },
  ]);
  t.deepEqual(pod.resources, { cpu: '100m', memory: '100Mi' });
});

test('extraEnvs sorted by name; no proxy variables for etcd', (t) => {
  const { pod } = etcdPod(inputsFor({ cluster: { etcd: { local: local({ extraEnvs: [{ name: 'Z', value: '1' }, { name: 'GOMAXPROCS', value: '2' }] }) } } }, { proxyEnv: [{ name: 'http_proxy', value: 'x' }] }));
  t.deepEqual(pod.env.map((e) => e.name), ['GOMAXPROCS', 'Z']);
});
