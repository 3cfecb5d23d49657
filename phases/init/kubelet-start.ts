import type { Phase } from '../../src/workflow/phase.js';

export const kubeletStartPhase: Phase = {
  name: 'kubelet-start',
  short: 'Write kubelet settings and (re)start the kubelet',
  long:
    'Writes <kubelet-dir>/kubeadm-flags.env and <kubelet-dir>/config.yaml (the KubeletConfiguration of the config file, ' +
    "with kubeadm's defaults), then restarts the kubelet with systemctl when a file changed or it is not running. " +
    'When systemd is not running (or has no kubelet unit) it prints the command that starts the kubelet instead.',
  flags: ['config', 'kubelet-dir', 'node-name', 'cri-socket', 'dry-run'],
  run: async (ctx, log) => {
    const { kubeletStart } = await import('../../src/kubelet/start.js');
    await kubeletStart(ctx, log);
  },
};
