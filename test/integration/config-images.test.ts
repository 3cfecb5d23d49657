/** `minikubeadm config images list` through the real CLI: the per-minor tags of the version table. */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/constants.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const list = (...args: string[]) => execa('node', [CLI, 'config', 'images', 'list', ...args], { reject: false, env: { KUBECONFIG: '/dev/null' } });

test('the default version: its control-plane images, CoreDNS, pause and etcd', async (t) => {
  const r = await list();
  t.is(r.exitCode, 0, r.stderr);
  const lines = r.stdout.split('\n');
  t.deepEqual(lines.slice(0, 4), ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'].map((c) => `registry.k8s.io/${c}:${DEFAULT_KUBERNETES_VERSION}`));
  t.is(lines.length, 7);
});

test('--kubernetes-version picks the row: v1.33 and v1.35 differ in pause, CoreDNS and etcd', async (t) => {
  const v133 = await list('--kubernetes-version', 'v1.33.2');
  t.is(v133.exitCode, 0, v133.stderr);
  t.deepEqual(v133.stdout.split('\n').slice(4), ['registry.k8s.io/coredns/coredns:v1.12.0', 'registry.k8s.io/pause:3.10', 'registry.k8s.io/etcd:3.5.24-0']);
  const v135 = await list('--kubernetes-version', 'stable-1.35');
  t.is(v135.stdout.split('\n')[0], 'registry.k8s.io/kube-apiserver:v1.35.8');
  t.deepEqual(v135.stdout.split('\n').slice(4), ['registry.k8s.io/coredns/coredns:v1.13.1', 'registry.k8s.io/pause:3.10.1', 'registry.k8s.io/etcd:3.6.6-0']);
});

test('--config: image repository, external etcd (no etcd image) and a disabled CoreDNS are honoured', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-images-'));
  const file = join(dir, 'c.yaml');
  await writeFile(
    file,
    'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.36.1\nimageRepository: mirror.example/k8s\ndns:\n  disabled: true\netcd:\n  external:\n    endpoints: [http://10.0.0.5:2379]\n',
  );
  const r = await list('--config', file);
  t.is(r.exitCode, 0, r.stderr);
  t.deepEqual(r.stdout.split('\n'), [
    'mirror.example/k8s/kube-apiserver:v1.36.1',
    'mirror.example/k8s/kube-controller-manager:v1.36.1',
    'mirror.example/k8s/kube-scheduler:v1.36.1',
    'mirror.example/k8s/kube-proxy:v1.36.1',
    'mirror.example/k8s/pause:3.10.1',
  ]);
});

test('an unsupported version is a config error naming the range', async (t) => {
  const r = await list('--kubernetes-version', 'v1.30.0');
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /this minikubeadm deploys Kubernetes v1\.31\.x to v1\.37\.x/);
});
