import test from 'ava';
import { MinikubeadmError } from '../../../../src/errors.js';
import { collectionPath, objectPath } from '../../../../src/kube/client/resources.js';

test('paths of core, grouped, namespaced and cluster-scoped kinds', (t) => {
  t.is(objectPath({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cluster-info', namespace: 'kube-public' }), '/api/v1/namespaces/kube-public/configmaps/cluster-info');
  t.is(objectPath({ apiVersion: 'v1', kind: 'Node', name: 'cp1' }), '/api/v1/nodes/cp1');
  t.is(objectPath({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'kubeadm:get-nodes' }), '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm%3Aget-nodes');
  t.is(collectionPath('apps/v1', 'DaemonSet', 'kube-system'), '/apis/apps/v1/namespaces/kube-system/daemonsets');
});

test('unknown kinds and missing namespaces are clear errors', (t) => {
  const e = t.throws(() => collectionPath('example.com/v1', 'Widget', 'x'), { instanceOf: MinikubeadmError });
  t.regex(e!.message, /unsupported object kind "Widget"/);
  t.regex(t.throws(() => collectionPath('v1', 'Secret'))!.message, /Secret objects live in a namespace/);
});
