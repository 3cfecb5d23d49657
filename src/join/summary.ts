/** kubeadm's closing lines of a join, for a worker and for a new control-plane instance. */
import { kubeconfigPath } from '../config/paths.js';
import type { RunContext } from '../workflow/context.js';
import { isControlPlane } from './node.js';

export async function joinSummary(ctx: RunContext): Promise<string> {
  if (ctx.dryRun) return '[dryrun] Finished dry-running successfully. Above are the resources that would be created.';
  if (!isControlPlane(ctx)) {
    return [
      'This node has joined the cluster:',
      '* Certificate signing request was sent to apiserver and a response was received.',
      '* The Kubelet was informed of the new secure connection details.',
      '',
      "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.",
    ].join('\n');
  }
  const joining = await ctx.joining();
  const adminConf = kubeconfigPath(joining.paths, 'admin');
  return [
    'This node has joined the cluster and a new control plane instance was created:',
    '',
    '* Certificate signing request was sent to apiserver and approval was received.',
    '* The Kubelet was informed of the new secure connection details.',
    '* Control plane label and taint were applied to the new node.',
    '* The Kubernetes control plane instances scaled up.',
    joining.cluster.etcd.local ? '* A new etcd member was added to the local/stacked etcd cluster.' : '',
    '',
    'To start administering your cluster from this node, you need to run the following as a regular user:',
    '',
    '\tmkdir -p $HOME/.kube',
    `\tsudo cp -i ${adminConf} $HOME/.kube/config`,
    '\tsudo chown $(id -u):$(id -g) $HOME/.kube/config',
    '',
    "Run 'kubectl get nodes' to see this node join the cluster.",
  ].join('\n');
}
