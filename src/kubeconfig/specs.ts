/**
 * The kubeconfig files `init` writes, declared once in kubeadm's order (getKubeConfigSpecsBase):
 * identity of the client certificate, and which endpoint the file points at.
 */
import { GROUPS, KUBECONFIG_FILES } from '../config/constants.js';
import type { Config } from '../config/types.js';

export interface KubeconfigSpec {
  /** Sub-phase name: `init phase kubeconfig <name>`. */
  name: string;
  /** File name under the kubeconfig directory. */
  file: string;
  short: string;
  /** Client certificate CommonName, which is also the user name in the file. */
  clientName: (config: Config) => string;
  organization: readonly string[];
  /**
   * `controlPlane`: controlPlaneEndpoint (else the local endpoint); `local`: always
   * https://advertiseAddress:bindPort; `kubeletLocalMode`: local when ControlPlaneKubeletLocalMode is
   * on for the cluster's version (beta 1.33, GA 1.35), else controlPlane.
   */
  server: 'controlPlane' | 'local' | 'kubeletLocalMode';
}

const fixed = (name: string) => (): string => name;

export const KUBECONFIGS: readonly KubeconfigSpec[] = [
  {
    name: 'admin',
    file: KUBECONFIG_FILES.admin,
    short: 'Generate a kubeconfig file for the admin to use and for kubeadm itself',
    clientName: fixed('kubernetes-admin'),
    organization: [GROUPS.clusterAdmins],
    server: 'controlPlane',
  },
  {
    name: 'super-admin',
    file: KUBECONFIG_FILES.superAdmin,
    short: 'Generate a kubeconfig file for the super-admin',
    clientName: fixed('kubernetes-super-admin'),
    organization: [GROUPS.systemMasters],
    server: 'controlPlane',
  },
  {
    name: 'kubelet',
    file: KUBECONFIG_FILES.kubelet,
    short: 'Generate a kubeconfig file for the kubelet to use *only* for cluster bootstrapping purposes',
    clientName: (config) => `system:node:${config.init.nodeRegistration.name}`,
    organization: [GROUPS.nodes],
    server: 'kubeletLocalMode',
  },
  {
    name: 'controller-manager',
    file: KUBECONFIG_FILES.controllerManager,
    short: 'Generate a kubeconfig file for the controller manager to use',
    clientName: fixed('system:kube-controller-manager'),
    organization: [],
    server: 'local',
  },
  {
    name: 'scheduler',
    file: KUBECONFIG_FILES.scheduler,
    short: 'Generate a kubeconfig file for the scheduler to use',
    clientName: fixed('system:kube-scheduler'),
    organization: [],
    server: 'local',
  },
];
