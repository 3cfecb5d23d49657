/**
 * REST paths of the kinds minikubeadm touches. A fixed table instead of discovery: no extra round
 * trips, and a kind outside it (e.g. in a user's template) gets a clear error instead of a guess.
 */
import { MinikubeadmError } from '../../errors.js';
import type { ObjectRef } from '../objects/types.js';

interface Resource {
  plural: string;
  namespaced: boolean;
}

const RESOURCES: Readonly<Record<string, Resource>> = {
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Node': { plural: 'nodes', namespaced: false },
  'v1/Pod': { plural: 'pods', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'apps/v1/DaemonSet': { plural: 'daemonsets', namespaced: true },
  'rbac.authorization.k8s.io/v1/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'certificates.k8s.io/v1/CertificateSigningRequest': { plural: 'certificatesigningrequests', namespaced: false },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': { plural: 'selfsubjectaccessreviews', namespaced: false },
};

const supportedKinds = (): string[] => Object.keys(RESOURCES).sort();

function resource(apiVersion: string, kind: string): Resource {
  const r = RESOURCES[`${apiVersion}/${kind}`];
  if (r) return r;
  throw new MinikubeadmError('API_ERROR', `unsupported object kind "${kind}" (apiVersion "${apiVersion}")`, {
    hint: `minikubeadm can create these kinds: ${supportedKinds().join(', ')}; check the apiVersion and kind in your template`,
  });
}

const groupPrefix = (apiVersion: string): string => (apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);

/** The collection path (for create and list). */
export function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
  const r = resource(apiVersion, kind);
  if (r.namespaced && !namespace) {
    throw new MinikubeadmError('API_ERROR', `${kind} objects live in a namespace, but none was given`, {
      hint: 'set metadata.namespace in the object (kube-system for kubeadm objects)',
    });
  }
  const ns = r.namespaced ? `/namespaces/${encodeURIComponent(namespace!)}` : '';
  return `${groupPrefix(apiVersion)}${ns}/${r.plural}`;
}

/** The object path (for get, update and patch). */
export function objectPath(ref: ObjectRef): string {
  return `${collectionPath(ref.apiVersion, ref.kind, ref.namespace)}/${encodeURIComponent(ref.name)}`;
}
