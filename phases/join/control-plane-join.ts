/** `join phase control-plane-join` and `join phase wait-control-plane`. */
import type { Phase } from '../../src/workflow/phase.js';
import { DISCOVERY_FLAGS } from './flags.js';

const body = () => import('../../src/join/control-plane-join.js');

export const controlPlaneJoinPhase: Phase = {
  name: 'control-plane-join',
  short: 'Join a machine as a control plane instance',
  phases: [
    {
      name: 'mark-control-plane',
      logPrefix: 'mark-control-plane',
      short: 'Mark a node as a control-plane',
      flags: [...DISCOVERY_FLAGS, 'controlPlane', 'nodeName'],
      run: async (ctx) => (await body()).markControlPlane(ctx),
    },
  ],
};

export const waitControlPlanePhase: Phase = {
  name: 'wait-control-plane',
  short: 'Wait for the control plane to start',
  long: "Checks this node's kube-apiserver (/livez at its advertise address), kube-controller-manager and kube-scheduler within timeouts.controlPlaneComponentHealthCheck.",
  flags: [...DISCOVERY_FLAGS, 'controlPlane', 'apiserverAdvertiseAddress', 'apiserverBindPort'],
  run: async (ctx) => (await body()).waitControlPlane(ctx),
};
