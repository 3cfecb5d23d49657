/** init phase mark-master (kubeadm's mark-control-plane): labels and taints on this node's Node object (waits for it to register). */
import { CONTROL_PLANE_LABELS, controlPlaneChange, controlPlaneTaints, patchNode, taintToString } from '../kube/objects/node.js';
import type { RunContext } from '../workflow/context.js';

export async function markMaster(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const client = await ctx.cluster();
  const name = ctx.config.init.nodeRegistration.name;
  const taints = controlPlaneTaints(ctx.config.init.nodeRegistration.taints);
  log.info(`Marking the node ${name} as control-plane by adding the labels: [${CONTROL_PLANE_LABELS.join(' ')}]`);
  if (taints.length > 0) log.info(`Marking the node ${name} as control-plane by adding the taints [${taints.map(taintToString).join(' ')}]`);
  if (client.dryRun) return;
  const sent = await patchNode(client, name, (node) => controlPlaneChange(node, taints), ctx.config.init.timeouts.kubernetesAPICall.ms);
  log.debug(1, sent ? `Node ${name} updated` : `Node ${name} already marked`);
}
