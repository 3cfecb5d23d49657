// Which kubelet ConfigMap a joining worker reads, with a KubeClient that answers `get` the way
// each kind of cluster's RBAC does for the bootstrap token (the real kubeadm v1.20.2 cluster is
// in test/e2e/interop.e2e.test.ts).
import test from 'ava';
import type { KubeClient } from '../../../src/kube/client/client.js';
import { apiErrorFromResponse } from '../../../src/kube/client/errors.js';
import type { KubeObject, ObjectRef } from '../../../src/kube/objects/types.js';
import { type Joining, clusterKubeletConfiguration } from '../../../src/workflow/joining.js';

const SERVER = 'https://192.0.2.10:6443';

/** A cluster holding `configMaps` in kube-system, where the bootstrap token may get only `readable`. */
function client(configMaps: Record<string, string>, readable: readonly string[]): KubeClient & { asked: string[] } {
  const asked: string[] = [];
  const fake = {
    server: SERVER,
    source: 'the TLS bootstrap identity',
    dryRun: false,
    asked,
    async get(ref: ObjectRef): Promise<KubeObject | undefined> {
      asked.push(ref.name);
      if (!readable.includes(ref.name)) {
        const body = JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: `configmaps "${ref.name}" is forbidden: User "system:bootstrap:abcdef" cannot get resource "configmaps" in API group "" in the namespace "kube-system"` });
        throw apiErrorFromResponse({ status: 403, body, contentType: 'application/json' }, `get ConfigMap kube-system/${ref.name}`, SERVER, 'the TLS bootstrap identity');
      }
      const kubelet = configMaps[ref.name];
      return kubelet === undefined ? undefined : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ref.name, namespace: 'kube-system' }, data: { kubelet } };
    },
  };
  return fake as unknown as KubeClient & { asked: string[] };
}

function joining(c: KubeClient, olderVersion?: string, kubernetesDir = '/etc/kubernetes'): Joining {
  return {
    bootstrapClient: c,
    paths: { kubernetesDir, certificatesDir: `${kubernetesDir}/pki`, manifestsDir: `${kubernetesDir}/manifests` },
    ...(olderVersion ? { olderCluster: { apiVersion: 'kubeadm.k8s.io/v1beta2', kubernetesVersion: olderVersion, clusterName: 'kubernetes', imageRepository: 'k8s.gcr.io' } } : {}),
  } as unknown as Joining;
}

const KUBELET = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 107\n';

test('a worker joining a kubeadm v1.20 cluster reads kubelet-config-1.20, the only name its bootstrap token may read', async (t) => {
  // kubeadm 1.20's upload-config: ConfigMap and Role kubeadm:kubelet-config-1.20 for the token's group.
  const c = client({ 'kubelet-config-1.20': KUBELET }, ['kubelet-config-1.20']);
  const doc = await clusterKubeletConfiguration(joining(c, 'v1.20.2'), false);
  t.is(doc['maxPods'], 107);
  t.deepEqual(c.asked, ['kubelet-config-1.20'], 'never asks for the name it is forbidden to read');
});

test('an older cluster without the versioned ConfigMap falls back to kubelet-config', async (t) => {
  const c = client({ 'kubelet-config': KUBELET }, ['kubelet-config', 'kubelet-config-1.21']);
  t.is((await clusterKubeletConfiguration(joining(c, 'v1.21.14'), false))['maxPods'], 107);
  t.deepEqual(c.asked, ['kubelet-config-1.21', 'kubelet-config']);
});

test('a current cluster is read as kubelet-config only; a node with its own tree points the static Pods and the client CA into it', async (t) => {
  const c = client({ 'kubelet-config': KUBELET }, ['kubelet-config']);
  const doc = await clusterKubeletConfiguration(joining(c, undefined, '/srv/node/k8s'), false);
  t.deepEqual(c.asked, ['kubelet-config']);
  t.is(doc['staticPodPath'], '/srv/node/k8s/manifests');
  t.deepEqual(doc['authentication'], { x509: { clientCAFile: '/srv/node/k8s/pki/ca.crt' } });
});

test('forbidden is an error, not a missing ConfigMap', async (t) => {
  const c = client({ 'kubelet-config': KUBELET }, []);
  const e = await t.throwsAsync(clusterKubeletConfiguration(joining(c), false));
  t.regex(e!.message, /configmaps "kubelet-config" is forbidden.*HTTP 403/);
});
