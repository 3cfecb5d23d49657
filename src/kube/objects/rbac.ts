/**
 * The RBAC objects kubeadm creates, declared once as data: who may read the uploaded configuration,
 * what bootstrap tokens may do (get nodes, post CSRs, have them auto-approved), node certificate
 * rotation, anonymous read of cluster-info, and the kubeadm:cluster-admins binding behind admin.conf.
 */
import { GROUPS } from '../../config/constants.js';
import type { KubeObject } from './types.js';

const RBAC_API = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface Subject {
  kind: 'Group' | 'User' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export const group = (name: string): Subject => ({ kind: 'Group', name });
export const user = (name: string): Subject => ({ kind: 'User', name });

/** The user the API server's kubelet client certificate names (its CommonName). */
export const APISERVER_KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';

function clusterRole(name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: RBAC_API, kind: 'ClusterRole', metadata: { name }, rules };
}

function clusterRoleBinding(name: string, roleName: string, subjects: Subject[]): KubeObject {
  return { apiVersion: RBAC_API, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName }, subjects };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: RBAC_API, kind: 'Role', metadata: { name, namespace }, rules };
}

function roleBinding(namespace: string, name: string, roleName: string, subjects: Subject[]): KubeObject {
  return { apiVersion: RBAC_API, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: roleName }, subjects };
}

/** A Role allowing `get` of one object (a ConfigMap or a Secret), and its binding to `subjects`. */
function objectReader(namespace: string, roleName: string, resource: 'configmaps' | 'secrets', name: string, subjects: Subject[]): KubeObject[] {
  return [
    role(namespace, roleName, [{ verbs: ['get'], apiGroups: [''], resources: [resource], resourceNames: [name] }]),
    roleBinding(namespace, roleName, roleName, subjects),
  ];
}

/** A Role allowing `get` of one ConfigMap, and its binding to `subjects`. */
export function configMapReader(namespace: string, roleName: string, configMap: string, subjects: Subject[]): KubeObject[] {
  return objectReader(namespace, roleName, 'configmaps', configMap, subjects);
}

/** kubeadm:kubeadm-certs: the default bootstrap token group may read the kubeadm-certs Secret (upload-certs). */
export function kubeadmCertsRbac(secretName: string): KubeObject[] {
  return objectReader('kube-system', 'kubeadm:kubeadm-certs', 'secrets', secretName, [group(GROUPS.defaultNodeToken)]);
}

/** admin.conf's group gets cluster-admin (kubeadm ≥ 1.29). */
export function clusterAdminsBinding(): KubeObject {
  return clusterRoleBinding('kubeadm:cluster-admins', 'cluster-admin', [group(GROUPS.clusterAdmins)]);
}

/** One group of the bootstrap-token RBAC, with the line kubeadm prints once it is in place. */
export interface RbacGroup {
  line: string;
  objects: KubeObject[];
}

/**
 * In kubeadm's order. With `kubeletAPIAdmin` (kubeadm 1.37 and its backports), the API server's
 * kubelet client (CN kube-apiserver-kubelet-client, no group) gets system:kubelet-api-admin.
 */
export function bootstrapTokenRbac(options: { kubeletAPIAdmin: boolean }): RbacGroup[] {
  const tokens = [group(GROUPS.defaultNodeToken)];
  const kubeletAPI: RbacGroup[] = options.kubeletAPIAdmin
    ? [
        {
          line: 'Configured RBAC rules to allow the API server to access the kubelet API',
          objects: [clusterRoleBinding('kubeadm:apiserver-kubelet-client', 'system:kubelet-api-admin', [user(APISERVER_KUBELET_CLIENT_USER)])],
        },
      ]
    : [];
  return [
    {
      line: 'Configured RBAC rules to allow Node Bootstrap tokens to get nodes',
      objects: [
        clusterRole('kubeadm:get-nodes', [{ verbs: ['get'], apiGroups: [''], resources: ['nodes'] }]),
        clusterRoleBinding('kubeadm:get-nodes', 'kubeadm:get-nodes', tokens),
      ],
    },
    {
      line: 'Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials',
      objects: [clusterRoleBinding('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', tokens)],
    },
    {
      line: 'Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token',
      objects: [clusterRoleBinding('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', tokens)],
    },
    {
      line: 'Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster',
      objects: [
        clusterRoleBinding(
          'kubeadm:node-autoapprove-certificate-rotation',
          'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
          [group(GROUPS.nodes)],
        ),
      ],
    },
    ...kubeletAPI,
  ];
}

/** Anonymous users may read kube-public/cluster-info (the code binds the user system:anonymous). */
export function clusterInfoRbac(): KubeObject[] {
  const name = 'kubeadm:bootstrap-signer-clusterinfo';
  return [
    role('kube-public', name, [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'] }]),
    roleBinding('kube-public', name, name, [user('system:anonymous')]),
  ];
}
