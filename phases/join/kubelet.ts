/** `join phase kubelet-start` and `join phase kubelet-wait-bootstrap`. */
import type { Phase } from '../../src/workflow/phase.js';
import { CONTROL_PLANE_FLAGS, DISCOVERY_FLAGS } from './flags.js';

export const kubeletStartPhase: Phase = {
  name: 'kubelet-start',
  short: 'Write kubelet settings, certificates and (re)start the kubelet',
  long:
    'Writes bootstrap-kubelet.conf (the TLS-bootstrap identity; a control plane points it at its own API server), the ' +
    "cluster CA at caCertPath when missing, <kubelet-dir>/config.yaml from the cluster's kubelet-config ConfigMap and " +
    '<kubelet-dir>/kubeadm-flags.env (a worker registers with its taints), then (re)starts the kubelet through systemd ' +
    'or the supervisor MINIKUBEADM_KUBELET_SERVICE names. Refuses when a Ready Node of this name exists.',
  flags: [...DISCOVERY_FLAGS, ...CONTROL_PLANE_FLAGS, 'nodeName', 'criSocket', 'fixPermissions'],
  run: async (ctx) => (await import('../../src/join/kubelet-start.js')).joinKubeletStart(ctx),
};

export const kubeletWaitBootstrapPhase: Phase = {
  name: 'kubelet-wait-bootstrap',
  logPrefix: 'kubelet-start',
  short: 'Wait for the kubelet to bootstrap itself',
  long:
    "Waits for the kubelet's healthz (timeouts.kubeletHealthCheck), then for its TLS bootstrap to write kubelet.conf " +
    '(timeouts.tlsBootstrap), removes bootstrap-kubelet.conf and annotates the Node with its CRI socket.',
  flags: [...DISCOVERY_FLAGS, 'controlPlane', 'apiserverAdvertiseAddress', 'apiserverBindPort', 'nodeName', 'criSocket'],
  run: async (ctx) => (await import('../../src/join/kubelet-wait-bootstrap.js')).kubeletWaitBootstrap(ctx),
};
