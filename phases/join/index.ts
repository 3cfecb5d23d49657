/** The join workflow, in kubeadm's order. `join phase …` subcommands are generated from this list. */
import type { Phase } from '../../src/workflow/phase.js';
import { controlPlaneJoinPhase, waitControlPlanePhase } from './control-plane-join.js';
import { controlPlanePreparePhase } from './control-plane-prepare.js';
import { etcdJoinPhase } from './etcd-join.js';
import { kubeletStartPhase, kubeletWaitBootstrapPhase } from './kubelet.js';
import { preflightPhase } from './preflight.js';

export const joinPhases: readonly Phase[] = [
  preflightPhase,
  controlPlanePreparePhase,
  kubeletStartPhase,
  etcdJoinPhase,
  kubeletWaitBootstrapPhase,
  controlPlaneJoinPhase,
  waitControlPlanePhase,
];
