/**
 * The cluster-admin client of a run, built once (ctx.memo) from admin.conf. Like kubeadm, building
 * it makes sure admin.conf's group has rights: the kubeadm:cluster-admins ClusterRoleBinding is
 * applied with admin.conf itself and, when that is Forbidden (the binding does not exist yet), with
 * super-admin.conf (group system:masters). Under --dry-run no cluster is contacted.
 */
import { join } from 'node:path';
import { MinikubeadmError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RunContext } from '../workflow/context.js';
import { apply, resultText } from './apply.js';
import { type KubeClient, clientFromKubeconfig } from './client.js';
import { isApiError } from './errors.js';
import { clusterAdminsBinding } from './rbac.js';

export const ADMIN_KUBECONFIG = 'admin.conf';
export const SUPER_ADMIN_KUBECONFIG = 'super-admin.conf';

export function adminClient(ctx: RunContext): Promise<KubeClient> {
  return ctx.memo('kube:admin-client', async () => {
    if (ctx.dryRun) {
      const { dryRunClient } = await import('./dry-run.js');
      const dry = dryRunClient(ctx.log.withPrefix('dryrun'));
      await ensureClusterAdminsBinding(dry, async () => undefined, ctx.log);
      return dry;
    }
    const admin = await clientFromKubeconfig(join(ctx.paths.kubeconfigDir, ADMIN_KUBECONFIG), ctx.fs);
    await ensureClusterAdminsBinding(admin, () => superAdminClient(ctx), ctx.log);
    return admin;
  });
}

export async function superAdminClient(ctx: RunContext): Promise<KubeClient | undefined> {
  const path = join(ctx.paths.kubeconfigDir, SUPER_ADMIN_KUBECONFIG);
  if (!(await ctx.fs.exists(path))) return undefined;
  return clientFromKubeconfig(path, ctx.fs);
}

/** kubeadm's EnsureAdminClusterRoleBinding: admin.conf first, super-admin.conf when Forbidden. */
export async function ensureClusterAdminsBinding(
  admin: KubeClient,
  superAdmin: () => Promise<KubeClient | undefined>,
  log: Logger,
): Promise<void> {
  const binding = clusterAdminsBinding();
  try {
    const result = await apply(admin, binding);
    log.debug(1, `ClusterRoleBinding ${binding.metadata.name} ${resultText(admin, result)} (with ${admin.source})`);
    return;
  } catch (e) {
    if (!isApiError(e, 'Forbidden')) throw e;
  }
  const sup = await superAdmin();
  if (!sup) {
    throw new MinikubeadmError(
      'API_ERROR',
      `the ClusterRoleBinding for the kubeadm:cluster-admins Group is missing but there is no ${SUPER_ADMIN_KUBECONFIG} to create it`,
      { hint: `create ${SUPER_ADMIN_KUBECONFIG} with \`minikubeadm init phase kubeconfig super-admin\`, then re-run` },
    );
  }
  try {
    const result = await apply(sup, binding);
    log.debug(1, `ClusterRoleBinding ${binding.metadata.name} ${result} (with ${sup.source})`);
  } finally {
    sup.close();
  }
}
