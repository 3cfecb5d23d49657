/** A joining node may not take the name of a Node that is Ready: the two kubelets would fight over it. */
import { MinikubeadmError } from '../errors.js';
import type { KubeClient } from '../kube/client/client.js';
import { isApiError } from '../kube/client/errors.js';

interface NodeCondition {
  type?: string;
  status?: string;
}

export async function refuseReadyNode(client: KubeClient, name: string): Promise<void> {
  let node;
  try {
    node = await client.get({ apiVersion: 'v1', kind: 'Node', name });
  } catch (e) {
    if (isApiError(e, 'Forbidden')) return; // a cluster that does not let bootstrap tokens read Nodes: kubeadm's check cannot run either
    throw new MinikubeadmError('API_ERROR', `cannot get Node "${name}": ${(e as Error).message}`, { cause: e, hint: 'check that the API server is reachable from this node' });
  }
  const conditions = ((node?.['status'] as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []);
  if (conditions.some((c) => c.type === 'Ready' && c.status === 'True')) {
    throw new MinikubeadmError(
      'JOIN_REFUSED',
      `a Node with name "${name}" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`,
      { hint: `if that Node is gone for good, run \`kubectl delete node ${name}\` on a control-plane node (and \`minikubeadm reset\` on the old machine); otherwise join with another --node-name` },
    );
  }
}
