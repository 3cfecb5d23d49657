/**
 * init phase kubelet-finalize enable-client-cert-rotation: once the kubelet has a rotating client
 * certificate (<kubelet-dir>/pki/kubelet-client-current.pem), point kubelet.conf's user at that file
 * instead of the embedded certificate, as kubeadm does. Without the file there is nothing to do.
 */
import { kubeconfigPath } from '../config/paths.js';
import { KUBECONFIG_MODE } from '../kubeconfig/ensure.js';
import { readKubeconfig, serializeKubeconfig, withRotatingClientCert } from '../kubeconfig/kubeconfig.js';
import { rotatingClientCertPath } from '../kubelet/files.js';
import type { RunContext } from '../workflow/context.js';

export async function enableClientCertRotation(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const pem = rotatingClientCertPath(ctx.paths);
  const kubeletConf = kubeconfigPath(ctx.paths, 'kubelet');
  if (!(await ctx.fs.exists(pem))) {
    log.info(`Skipping: "${pem}" does not exist yet, so "${kubeletConf}" keeps its embedded client certificate`);
    return;
  }
  const updated = withRotatingClientCert(await readKubeconfig(ctx.fs, kubeletConf, 'kubeconfig kubelet'), pem, kubeletConf);
  if (updated === undefined) {
    log.debug(1, `"${kubeletConf}" already points to "${pem}"`);
    return;
  }
  log.info(`Updating "${kubeletConf}" to point to a rotatable kubelet client certificate and key`);
  await ctx.fs.write(kubeletConf, serializeKubeconfig(updated), { mode: KUBECONFIG_MODE, secret: true });
}
