import test from 'ava';
import { DEFAULT_ETCD_VERSION } from '../../../src/config/constants.js';
import { etcdVersionFor, kubernetesImage, kubernetesMinor, versionToImageTag } from '../../../src/manifests/images.js';

test('version to image tag', (t) => {
  t.is(versionToImageTag('v1.32.4'), 'v1.32.4');
  t.is(versionToImageTag('v1.33.0-alpha.1+abc123'), 'v1.33.0-alpha.1_abc123');
});

test('kubernetes images', (t) => {
  t.is(kubernetesImage('kube-apiserver', { imageRepository: 'r.example/x', kubernetesVersion: 'v1.31.2' }), 'r.example/x/kube-apiserver:v1.31.2');
});

test('kubernetes minor', (t) => {
  t.is(kubernetesMinor('v1.32.4'), 32);
  t.is(kubernetesMinor('1.30'), 30);
  t.is(kubernetesMinor('v1.33.0-rc.1'), 33);
  t.is(kubernetesMinor('stable-1'), undefined);
});

const table = { 30: '3.5.1-0', 31: '3.5.2-0', 32: '3.5.3-0' };

test('etcd version: exact minor', (t) => {
  t.deepEqual(etcdVersionFor('v1.31.0', table), { version: '3.5.2-0' });
});

test('etcd version: nearest entry with a warning outside the table', (t) => {
  const above = etcdVersionFor('v1.40.0', table);
  t.is(above.version, '3.5.3-0');
  t.regex(above.warning ?? '', /falling back to the nearest etcd version \(3\.5\.3-0\)/);
  t.is(etcdVersionFor('v1.20.0', table).version, '3.5.1-0');
});

test('etcd version: the default when the version does not parse', (t) => {
  t.deepEqual(etcdVersionFor('latest', table), { version: DEFAULT_ETCD_VERSION });
});
