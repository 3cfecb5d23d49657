import type { Phase } from '../../src/workflow/phase.js';

export const uploadConfigPhase: Phase = {
  name: 'upload-config',
  short: 'Upload the kubeadm and kubelet configuration to ConfigMaps',
  phases: [
    {
      name: 'kubeadm',
      short: 'Upload the kubeadm ClusterConfiguration to a ConfigMap',
      flags: ['config', 'kubeconfig-dir', 'dry-run'],
      run: async (ctx, log) => {
        const { uploadKubeadmConfig } = await import('../../src/kube/steps/upload-config.js');
        await uploadKubeadmConfig(ctx, log);
      },
    },
    {
      name: 'kubelet',
      short: 'Upload the kubelet component config to a ConfigMap',
      long: "Also annotates this node's Node object with its CRI socket, waiting for the Node to register.",
      flags: ['config', 'kubeconfig-dir', 'kubelet-dir', 'dry-run'],
      run: async (ctx, log) => {
        const { uploadKubeletConfig } = await import('../../src/kube/steps/upload-config.js');
        await uploadKubeletConfig(ctx, log);
      },
    },
  ],
};
