/** upload-config/kubeadm and upload-config/kubelet. */
import { parseDuration } from '../../config/duration.js';
import { kubeletConfigurationYaml } from '../../kubelet/config.js';
import { runKubeletConfiguration } from '../../kubelet/start.js';
import type { Logger } from '../../log.js';
import type { RunContext } from '../../workflow/context.js';
import { adminClient } from '../admin.js';
import { applyAll } from '../apply.js';
import { criSocketChange, patchNode } from '../node.js';
import { KUBEADM_CONFIG_MAP, KUBELET_CONFIG_MAP, kubeadmConfigMap, kubeletConfigMap, uploadConfigRbac } from '../upload-config.js';

export const apiCallTimeout = (ctx: RunContext): number => parseDuration(ctx.config.init.timeouts.kubernetesAPICall) ?? 60_000;

export async function uploadKubeadmConfig(ctx: RunContext, log: Logger): Promise<void> {
  const client = await adminClient(ctx);
  log.info(`Storing the configuration used in ConfigMap "${KUBEADM_CONFIG_MAP}" in the "kube-system" Namespace`);
  await applyAll(client, [kubeadmConfigMap(ctx.config.cluster), ...uploadConfigRbac().kubeadm], log);
}

export async function uploadKubeletConfig(ctx: RunContext, log: Logger): Promise<void> {
  const client = await adminClient(ctx);
  const built = await runKubeletConfiguration(ctx);
  log.withPrefix('kubelet').info(`Creating a ConfigMap "${KUBELET_CONFIG_MAP}" in namespace kube-system with the configuration for the kubelets in the cluster`);
  const cm = kubeletConfigMap(kubeletConfigurationYaml(built.document), !built.userSupplied);
  await applyAll(client, [cm, ...uploadConfigRbac().kubelet], log);

  const { name, criSocket } = ctx.config.init.nodeRegistration;
  log.debug(1, 'Preserving the CRISocket information for the control-plane node');
  if (client.dryRun) {
    log.info(`Would annotate the Node "${name}" with its CRI socket "${criSocket}"`);
    return;
  }
  const sent = await patchNode(client, name, (node) => criSocketChange(node, criSocket), apiCallTimeout(ctx));
  if (sent) log.withPrefix('patchnode').info(`Uploading the CRI Socket information "${criSocket}" to the Node API object "${name}" as an annotation`);
}
