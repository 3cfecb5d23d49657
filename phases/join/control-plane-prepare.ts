/** `join phase control-plane-prepare`: what a new control-plane instance needs on disk before its kubelet starts. */
import type { Phase } from '../../src/workflow/phase.js';
import { CONTROL_PLANE_FLAGS, DISCOVERY_FLAGS } from './flags.js';

const body = () => import('../../src/join/control-plane-prepare.js');
const FLAGS = [...DISCOVERY_FLAGS, ...CONTROL_PLANE_FLAGS] as const;

export const controlPlanePreparePhase: Phase = {
  name: 'control-plane-prepare',
  short: 'Prepare the machine for serving a control plane',
  phases: [
    {
      name: 'download-certs',
      logPrefix: 'download-certs',
      short: 'Download certificates shared among control-plane nodes from the kubeadm-certs Secret',
      long: 'With --control-plane and --certificate-key: the CAs, the service account key pair and the etcd CA (or the external etcd client files), decrypted with the key, keys written 0600 and certificates 0644.',
      flags: [...FLAGS, 'fixPermissions'],
      run: async (ctx) => (await body()).downloadCerts(ctx),
    },
    {
      name: 'certs',
      logPrefix: 'certs',
      short: 'Generate the certificates for the new control plane components',
      long: "Every certificate of init's table this node lacks, signed by the shared CAs; existing files are checked and used as they are.",
      flags: [...FLAGS, 'nodeName', 'fixPermissions'],
      run: async (ctx) => (await body()).joinCerts(ctx),
    },
    {
      name: 'kubeconfig',
      logPrefix: 'kubeconfig',
      short: 'Generate the kubeconfig for the new control plane components',
      long: 'admin.conf, controller-manager.conf and scheduler.conf (not super-admin.conf: the first control plane keeps the only one).',
      flags: [...FLAGS, 'fixPermissions'],
      run: async (ctx) => (await body()).joinKubeconfigs(ctx),
    },
    {
      name: 'control-plane',
      logPrefix: 'control-plane',
      short: 'Generate the manifests for the new control plane components',
      long: "The kube-apiserver, kube-controller-manager and kube-scheduler static Pod manifests, from the same templates as init's (--templates-dir overrides them).",
      flags: [...FLAGS, 'templatesDir'],
      run: async (ctx) => (await body()).joinControlPlane(ctx),
    },
  ],
};
