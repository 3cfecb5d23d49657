/**
 * The cluster-admin client of a run (the run context builds it once) from admin.conf. Like kubeadm, building
 * it makes sure admin.conf's group has rights: the kubeadm:cluster-admins ClusterRoleBinding is
 * applied with admin.conf itself and, when that is Forbidden (the binding does not exist yet), with
 * super-admin.conf (group system:masters). Under --dry-run no cluster is contacted.
 */
import { KUBECONFIG_FILES } from '../../config/constants.js';
import { type Paths, kubeconfigPath } from '../../config/paths.js';
import { MinikubeadmError } from '../../errors.js';
import type { Fs } from '../../host/fs.js';
import type { Logger } from '../../log.js';
import { apply, resultText } from '../objects/apply.js';
import { clusterAdminsBinding } from '../objects/rbac.js';
import { type KubeClient, clientFromKubeconfig } from './client.js';
import { isApiError } from './errors.js';

export interface AdminClientInputs {
  fs: Fs;
  paths: Pick<Paths, 'kubeconfigDir'>;
  dryRun: boolean;
  log: Logger;
}

/** admin.conf's client, its rights ensured; under --dry-run a client that only reports what it would do. */
export async function adminClient(inputs: AdminClientInputs): Promise<KubeClient> {
  if (inputs.dryRun) {
    const { dryRunClient } = await import('./dry-run.js');
    const dry = dryRunClient(inputs.log.withPrefix('dryrun'));
    await ensureClusterAdminsBinding(dry, async () => undefined, inputs.log);
    return dry;
  }
  const admin = await clientFromKubeconfig(kubeconfigPath(inputs.paths, 'admin'), inputs.fs);
  await ensureClusterAdminsBinding(admin, () => superAdminClient(inputs), inputs.log);
  return admin;
}

async function superAdminClient(inputs: AdminClientInputs): Promise<KubeClient | undefined> {
  const path = kubeconfigPath(inputs.paths, 'superAdmin');
  if (!(await inputs.fs.exists(path))) return undefined;
  return clientFromKubeconfig(path, inputs.fs);
}

/** kubeadm's EnsureAdminClusterRoleBinding: admin.conf first, super-admin.conf when Forbidden. */
async function ensureClusterAdminsBinding(
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
      `the ClusterRoleBinding for the kubeadm:cluster-admins Group is missing but there is no ${KUBECONFIG_FILES.superAdmin} to create it`,
      { hint: `create ${KUBECONFIG_FILES.superAdmin} with \`minikubeadm init phase kubeconfig super-admin\`, then re-run` },
    );
  }
  try {
    const result = await apply(sup, binding);
    log.debug(1, `ClusterRoleBinding ${binding.metadata.name} ${result} (with ${sup.source})`);
  } finally {
    sup.close();
  }
}
