import type { Phase } from '../../src/workflow/phase.js';

export const kubeletStartPhase: Phase = {
  name: 'kubelet-start',
  short: 'Write kubelet settings and (re)start the kubelet',
  long:
    'Writes <kubelet-dir>/kubeadm-flags.env and <kubelet-dir>/config.yaml (the KubeletConfiguration of the config file, ' +
    "with kubeadm's defaults), then restarts the kubelet through systemd (or the supervisor MINIKUBEADM_KUBELET_SERVICE " +
    'names) when a file changed or it is not running. Without either it prints the command that starts the kubelet instead.',
  flags: ['kubeletDir', 'kubeconfigDir', 'certDir', 'nodeName', 'criSocket', 'imageRepository', 'serviceCidr', 'serviceDnsDomain'],
  run: async (ctx) => (await import('../../src/init/kubelet-start.js')).kubeletStart(ctx),
};
