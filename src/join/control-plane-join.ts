/**
 * join phases control-plane-join/mark-control-plane and wait-control-plane: the new control-plane
 * Node gets init's labels and taints, and its kube-apiserver, controller-manager and scheduler are
 * checked at this node's own endpoints. Workers skip both.
 */
import { markMaster } from '../init/mark-master.js';
import { waitForControlPlaneComponents } from '../init/wait-kubelet.js';
import type { RunContext } from '../workflow/context.js';
import { isControlPlane, joinedContext } from './node.js';

export async function markControlPlane(ctx: RunContext): Promise<void> {
  if (!isControlPlane(ctx)) return;
  await markMaster(await joinedContext(ctx));
}

export async function waitControlPlane(ctx: RunContext): Promise<void> {
  if (!isControlPlane(ctx)) return;
  const node = await joinedContext(ctx);
  if (ctx.dryRun) {
    node.log.info('Would wait for the control plane components of this node to become healthy');
    return;
  }
  await waitForControlPlaneComponents(node);
}
