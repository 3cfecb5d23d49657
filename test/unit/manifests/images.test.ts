import test from 'ava';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/config/constants.js';
import { etcdImageTag, etcdVersionFor, kubernetesImage, pauseImage, versionToImageTag } from '../../../src/manifests/images.js';
import { RELEASES } from '../../../src/versions/table.js';

test('version to image tag', (t) => {
  t.is(versionToImageTag('v1.32.4'), 'v1.32.4');
  t.is(versionToImageTag('v1.33.0-alpha.1+abc123'), 'v1.33.0-alpha.1_abc123');
});

test('kubernetes images', (t) => {
  t.is(kubernetesImage('kube-apiserver', { imageRepository: 'r.example/x', kubernetesVersion: 'v1.31.2' }), 'r.example/x/kube-apiserver:v1.31.2');
});

test('etcd version: the tag of each minor\'s row', (t) => {
  for (const r of RELEASES) t.deepEqual(etcdVersionFor(`v1.${r.minor}.0`), { version: r.images.etcd }, `v1.${r.minor}`);
});

test('etcd version: nearest row with a warning outside the table', (t) => {
  const newest = RELEASES[RELEASES.length - 1]!;
  const above = etcdVersionFor('v1.99.0');
  t.is(above.version, newest.images.etcd);
  t.regex(above.warning ?? '', /falling back to the nearest etcd version/);
  t.is(etcdVersionFor('v1.20.0').version, RELEASES[0]!.images.etcd);
});

test('etcd version: the default version\'s when the version does not parse', (t) => {
  t.deepEqual(etcdVersionFor('latest'), etcdVersionFor(DEFAULT_KUBERNETES_VERSION));
});

test('etcd image tag: etcd.local.imageTag wins over the pinned one', (t) => {
  const local = { dataDir: '/d', extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] };
  t.is(etcdImageTag({ kubernetesVersion: 'v1.33.1', etcd: { local } }), '3.5.24-0');
  t.is(etcdImageTag({ kubernetesVersion: 'v1.33.1', etcd: { local: { ...local, imageTag: '3.6.0-0' } } }), '3.6.0-0');
});

test('pause image: the tag of the version\'s row under the image repository', (t) => {
  t.is(pauseImage({ imageRepository: 'r.example', kubernetesVersion: 'v1.33.4' }), 'r.example/pause:3.10');
  t.is(pauseImage({ imageRepository: 'r.example', kubernetesVersion: 'v1.35.0' }), 'r.example/pause:3.10.1');
});
