import type { Phase } from '../../src/workflow/phase.js';

const body = () => import('../../src/init/upload-config.js');

export const uploadConfigPhase: Phase = {
  name: 'upload-config',
  short: 'Upload the kubeadm and kubelet configuration to ConfigMaps',
  phases: [
    {
      name: 'kubeadm',
      short: 'Upload the kubeadm ClusterConfiguration to a ConfigMap',
      flags: ['kubeconfigDir', 'certDir', 'kubernetesVersion', 'imageRepository', 'controlPlaneEndpoint', 'podNetworkCidr', 'serviceCidr', 'serviceDnsDomain', 'apiserverCertExtraSans'],
      run: async (ctx) => (await body()).uploadKubeadmConfig(ctx),
    },
    {
      name: 'kubelet',
      short: 'Upload the kubelet component config to a ConfigMap',
      long: "Also annotates this node's Node object with its CRI socket, waiting for the Node to register.",
      flags: ['kubeconfigDir', 'kubeletDir', 'certDir', 'nodeName', 'criSocket', 'serviceCidr', 'serviceDnsDomain'],
      run: async (ctx) => (await body()).uploadKubeletConfig(ctx),
    },
  ],
};
