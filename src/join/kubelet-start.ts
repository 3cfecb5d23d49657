/**
 * join phase kubelet-start: bootstrap-kubelet.conf (the TLS-bootstrap identity; a control plane's
 * points at its own API server when ControlPlaneKubeletLocalMode is on for the cluster's version:
 * beta 1.33, GA 1.35), the cluster CA at
 * caCertPath when it is not there yet, a last check that no Ready Node has this name, then the
 * kubelet's config.yaml (the cluster's kubelet-config) and kubeadm-flags.env, and the kubelet
 * (re)started through the same service seam init uses. Waiting for it is kubelet-wait-bootstrap's.
 */
import { dirname } from 'node:path';
import { kubeconfigPath } from '../config/paths.js';
import { kubeletStart } from '../init/kubelet-start.js';
import { KUBECONFIG_MODE } from '../kubeconfig/ensure.js';
import { localAPIEndpoint } from '../kubeconfig/endpoint.js';
import { serializeKubeconfig } from '../kubeconfig/kubeconfig.js';
import { secureDirectories } from '../pki/modes.js';
import { featureEnabled } from '../versions/release.js';
import type { RunContext } from '../workflow/context.js';
import { isControlPlane, joinedContext } from './node.js';
import { refuseReadyNode } from './node-check.js';

const CA_MODE = 0o644;
const PKI_DIR_MODE = 0o755;

export async function joinKubeletStart(ctx: RunContext): Promise<void> {
  const joining = await ctx.joining();
  const node = await joinedContext(ctx);
  const { log } = node;
  const controlPlane = isControlPlane(ctx);
  const bootstrap = structuredClone(joining.bootstrapKubeconfig);
  const { kubernetesVersion, featureGates } = node.config.cluster;
  if (controlPlane && featureEnabled(kubernetesVersion, featureGates, 'ControlPlaneKubeletLocalMode')) {
    const local = localAPIEndpoint(node.config.init.localAPIEndpoint);
    for (const c of bootstrap.clusters) c.cluster.server = local;
  }
  const bootstrapPath = kubeconfigPath(node.paths, 'bootstrapKubelet');
  log.debug(1, `[kubelet-start] writing bootstrap kubelet config file at ${bootstrapPath}`);
  await ctx.fs.write(bootstrapPath, serializeKubeconfig(bootstrap), { mode: KUBECONFIG_MODE, secret: true });

  const caPath = ctx.config.join!.caCertPath;
  // The kubelet trusts whatever CA is there: its directory must not be writable by others.
  await secureDirectories({ fs: ctx.fs, log, fix: ctx.flags.fixPermissions }, [dirname(caPath)]);
  if (!(await ctx.fs.exists(caPath))) {
    log.debug(1, `[kubelet-start] writing CA certificate at ${caPath}`);
    await ctx.fs.write(caPath, joining.discovered.caPem, { mode: CA_MODE, dirMode: PKI_DIR_MODE });
  }
  await refuseReadyNode(joining.bootstrapClient, node.config.init.nodeRegistration.name);
  await kubeletStart(node, { registerWithTaints: !controlPlane });
}
