/** The init workflow, in kubeadm's order. `init phase …` subcommands are generated from this list. */
import type { Phase } from '../../src/workflow/phase.js';
import { addonsPhase } from './addons.js';
import { bootstrapTokenPhase } from './bootstrap-token.js';
import { certsPhase } from './certs.js';
import { controlPlanePhase } from './control-plane.js';
import { etcdPhase } from './etcd.js';
import { kubeconfigPhase } from './kubeconfig.js';
import { kubeletFinalizePhase } from './kubelet-finalize.js';
import { kubeletStartPhase } from './kubelet-start.js';
import { markMasterPhase } from './mark-master.js';
import { preflightPhase } from './preflight.js';
import { showJoinCommandPhase } from './show-join-command.js';
import { uploadCertsPhase } from './upload-certs.js';
import { uploadConfigPhase } from './upload-config.js';
import { waitKubeletPhase } from './wait-kubelet.js';

export const initPhases: readonly Phase[] = [
  preflightPhase,
  certsPhase,
  kubeconfigPhase,
  controlPlanePhase,
  etcdPhase,
  kubeletStartPhase,
  waitKubeletPhase,
  uploadConfigPhase,
  uploadCertsPhase,
  markMasterPhase,
  bootstrapTokenPhase,
  kubeletFinalizePhase,
  addonsPhase,
  showJoinCommandPhase,
];
