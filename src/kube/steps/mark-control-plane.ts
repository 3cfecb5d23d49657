/** mark-control-plane: labels and taints on this node's Node object (waits for it to register). */
import type { Logger } from '../../log.js';
import type { RunContext } from '../../workflow/context.js';
import { adminClient } from '../admin.js';
import { CONTROL_PLANE_LABELS, controlPlaneChange, controlPlaneTaints, patchNode, taintToString } from '../node.js';
import { apiCallTimeout } from './upload-config.js';

export async function markControlPlane(ctx: RunContext, log: Logger): Promise<void> {
  const client = await adminClient(ctx);
  const name = ctx.config.init.nodeRegistration.name;
  const taints = controlPlaneTaints(ctx.config.init.nodeRegistration.taints);
  log.info(`Marking the node ${name} as control-plane by adding the labels: [${CONTROL_PLANE_LABELS.join(' ')}]`);
  if (taints.length > 0) log.info(`Marking the node ${name} as control-plane by adding the taints [${taints.map(taintToString).join(' ')}]`);
  if (client.dryRun) return;
  const sent = await patchNode(client, name, (node) => controlPlaneChange(node, taints), apiCallTimeout(ctx));
  log.debug(1, sent ? `Node ${name} updated` : `Node ${name} already marked`);
}
