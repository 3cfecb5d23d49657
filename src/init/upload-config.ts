/** init phase upload-config: kubeadm (the ClusterConfiguration) and kubelet (the KubeletConfiguration, and, before NodeLocalCRISocket, the Node's CRI socket). */
import { kubeletConfigurationYaml } from '../kubelet/files.js';
import { applyAll } from '../kube/objects/apply.js';
import { KUBEADM_CONFIG_MAP, KUBELET_CONFIG_MAP, kubeadmConfigMap, kubeletConfigMap, uploadConfigRbac } from '../kube/objects/config-maps.js';
import { criSocketChange, patchNode } from '../kube/objects/node.js';
import { usesNodeLocalCRISocket } from '../kubelet/instance-config.js';
import type { RunContext } from '../workflow/context.js';

/** `upload-config kubeadm`. */
export async function uploadKubeadmConfig(ctx: RunContext): Promise<void> {
  const client = await ctx.cluster();
  ctx.log.info(`Storing the configuration used in ConfigMap "${KUBEADM_CONFIG_MAP}" in the "kube-system" Namespace`);
  await applyAll(client, [kubeadmConfigMap(ctx.config.cluster), ...uploadConfigRbac().kubeadm], ctx.log);
}

/** `upload-config kubelet`. */
export async function uploadKubeletConfig(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const client = await ctx.cluster();
  const built = await ctx.kubeletConfiguration();
  log.withPrefix('kubelet').info(`Creating a ConfigMap "${KUBELET_CONFIG_MAP}" in namespace kube-system with the configuration for the kubelets in the cluster`);
  const cm = kubeletConfigMap(kubeletConfigurationYaml(built.document), !built.userSupplied);
  await applyAll(client, [cm, ...uploadConfigRbac().kubelet], log);

  const { name, criSocket } = ctx.config.init.nodeRegistration;
  // NodeLocalCRISocket: the socket is in the node's instance-config.yaml, not on the Node object.
  if (usesNodeLocalCRISocket(ctx.config.cluster)) return;
  log.debug(1, 'Preserving the CRISocket information for the control-plane node');
  if (client.dryRun) {
    log.info(`Would annotate the Node "${name}" with its CRI socket "${criSocket}"`);
    return;
  }
  const sent = await patchNode(client, name, (node) => criSocketChange(node, criSocket), ctx.config.init.timeouts.kubernetesAPICall.ms);
  if (sent) log.withPrefix('patchnode').info(`Uploading the CRI Socket information "${criSocket}" to the Node API object "${name}" as an annotation`);
}
