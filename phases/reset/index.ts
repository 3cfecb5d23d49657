/** The reset workflow, in kubeadm's order. `reset phase …` subcommands are generated from this list. */
import type { Phase } from '../../src/workflow/phase.js';
import { cleanupNodePhase } from './cleanup-node.js';
import { resetPreflightPhase } from './preflight.js';
import { removeEtcdMemberPhase } from './remove-etcd-member.js';

export const resetPhases: readonly Phase[] = [resetPreflightPhase, removeEtcdMemberPhase, cleanupNodePhase];
