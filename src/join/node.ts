/**
 * The run as this joining node sees it once the cluster is known: the cluster's configuration with
 * this node's registration and endpoint, and this node's paths. The init bodies that build
 * certificates, kubeconfig files, manifests and the kubelet's files serve the join through it.
 */
import type { RunContext } from '../workflow/context.js';

export async function joinedContext(ctx: RunContext): Promise<RunContext> {
  const joining = await ctx.joining();
  return { ...ctx, config: joining.config, paths: joining.paths };
}

/** This node joins as a control plane (`--control-plane`, or a controlPlane section in the JoinConfiguration). */
export const isControlPlane = (ctx: RunContext): boolean => ctx.config.join?.controlPlane !== undefined;
