import test from 'ava';
import { bootstrapTokenRbac, clusterAdminsBinding, clusterInfoRbac } from '../../../../src/kube/objects/rbac.js';
import { uploadConfigRbac } from '../../../../src/kube/objects/config-maps.js';
import type { KubeObject } from '../../../../src/kube/objects/types.js';

const summary = (o: KubeObject): string => {
  const ref = o['roleRef'] as { kind: string; name: string } | undefined;
  const subjects = (o['subjects'] as { kind: string; name: string }[] | undefined)?.map((s) => `${s.kind}:${s.name}`).join(',');
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}${ref ? ` -> ${ref.kind} ${ref.name} [${subjects}]` : ''}`;
};

const TOKEN_RBAC = [
  'ClusterRole kubeadm:get-nodes',
  'ClusterRoleBinding kubeadm:get-nodes -> ClusterRole kubeadm:get-nodes [Group:system:bootstrappers:kubeadm:default-node-token]',
  'ClusterRoleBinding kubeadm:kubelet-bootstrap -> ClusterRole system:node-bootstrapper [Group:system:bootstrappers:kubeadm:default-node-token]',
  'ClusterRoleBinding kubeadm:node-autoapprove-bootstrap -> ClusterRole system:certificates.k8s.io:certificatesigningrequests:nodeclient [Group:system:bootstrappers:kubeadm:default-node-token]',
  'ClusterRoleBinding kubeadm:node-autoapprove-certificate-rotation -> ClusterRole system:certificates.k8s.io:certificatesigningrequests:selfnodeclient [Group:system:nodes]',
];

test('bootstrap-token RBAC: kubeadm names, role refs and subjects, in order', (t) => {
  t.deepEqual(bootstrapTokenRbac({ kubeletAPIAdmin: false }).flatMap((s) => s.objects.map(summary)), TOKEN_RBAC);
  t.deepEqual(bootstrapTokenRbac({ kubeletAPIAdmin: false })[0]!.objects[0]!['rules'], [{ verbs: ['get'], apiGroups: [''], resources: ['nodes'] }]);
});

test("with kubeadm 1.37's kubelet client role, the API server's kubelet client user gets system:kubelet-api-admin", (t) => {
  t.deepEqual(bootstrapTokenRbac({ kubeletAPIAdmin: true }).flatMap((s) => s.objects.map(summary)), [
    ...TOKEN_RBAC,
    'ClusterRoleBinding kubeadm:apiserver-kubelet-client -> ClusterRole system:kubelet-api-admin [User:kube-apiserver-kubelet-client]',
  ]);
});

test('cluster-info is readable by the anonymous user', (t) => {
  const [role, binding] = clusterInfoRbac();
  t.deepEqual(role!['rules'], [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'] }]);
  t.is(summary(binding!), 'RoleBinding kube-public/kubeadm:bootstrap-signer-clusterinfo -> Role kubeadm:bootstrap-signer-clusterinfo [User:system:anonymous]');
});

test('kubeadm:cluster-admins gives admin.conf cluster-admin', (t) => {
  t.is(summary(clusterAdminsBinding()), 'ClusterRoleBinding kubeadm:cluster-admins -> ClusterRole cluster-admin [Group:kubeadm:cluster-admins]');
});

test('nodes and bootstrap tokens may read the uploaded configuration', (t) => {
  const { kubeadm, kubelet } = uploadConfigRbac();
  t.deepEqual([...kubeadm, ...kubelet].map(summary), [
    'Role kube-system/kubeadm:nodes-kubeadm-config',
    'RoleBinding kube-system/kubeadm:nodes-kubeadm-config -> Role kubeadm:nodes-kubeadm-config [Group:system:bootstrappers:kubeadm:default-node-token,Group:system:nodes]',
    'Role kube-system/kubeadm:kubelet-config',
    'RoleBinding kube-system/kubeadm:kubelet-config -> Role kubeadm:kubelet-config [Group:system:nodes,Group:system:bootstrappers:kubeadm:default-node-token]',
  ]);
  t.deepEqual(kubelet[0]!['rules'], [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['kubelet-config'] }]);
});
