/**
 * bootstrap-token: the token Secrets, the RBAC that lets tokens join nodes and get their CSRs
 * approved, the cluster-info ConfigMap and anonymous read access to it. The token itself is never
 * printed here (only its id); show-join-command prints it.
 */
import { join } from 'node:path';
import { MinikubeadmError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { bootstrapTokenSecretName, parseBootstrapToken } from '../../token/format.js';
import { JWS_SIGNATURE_KEY_PREFIX } from '../../token/jws.js';
import { listTokenSecrets, maskToken, runTokens } from '../../token/resolve.js';
import { buildTokenSecret } from '../../token/secret.js';
import type { RunContext } from '../../workflow/context.js';
import { ADMIN_KUBECONFIG, adminClient } from '../admin.js';
import { apply, applyAll, resultText } from '../apply.js';
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE, clusterInfoConfigMap, clusterInfoKubeconfig, currentCluster } from '../cluster-info.js';
import { bootstrapTokenRbac, clusterInfoRbac } from '../rbac.js';

export async function bootstrapTokens(ctx: RunContext, log: Logger): Promise<void> {
  const client = await adminClient(ctx);
  const tokens = await runTokens(ctx, client);
  for (const t of tokens) log.info(`Using token: ${maskToken(t.token)}${t.origin === 'existing' ? ' (an existing token of this cluster)' : ''}`);
  log.info('Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles');

  const existing = client.dryRun ? [] : await listTokenSecrets(client);
  for (const t of tokens) {
    const id = parseBootstrapToken(t.token)?.id;
    if (!id) throw new MinikubeadmError('CONFIG_INVALID', 'bootstrapTokens: a token is not of the form [a-z0-9]{6}.[a-z0-9]{16}', { hint: 'fix bootstrapTokens[].token in the config' });
    const secret = buildTokenSecret(t, ctx.now(), existing.find((s) => s.id === id));
    const result = await apply(client, secret);
    log.debug(1, `Secret kube-system/${bootstrapTokenSecretName(id)} ${resultText(client, result)}`);
  }

  for (const step of bootstrapTokenRbac()) {
    await applyAll(client, step.objects, log);
    log.info(step.line);
  }

  const adminConf = join(ctx.paths.kubeconfigDir, ADMIN_KUBECONFIG);
  const text = await ctx.fs.readText(adminConf);
  if (text === undefined) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${adminConf}" does not exist`, { hint: 'create it with `minikubeadm init phase kubeconfig admin`' });
  }
  const cluster = await currentCluster(text, adminConf, (p) => ctx.fs.read(p));
  log.info(`Creating the "${CLUSTER_INFO_NAME}" ConfigMap in the "${CLUSTER_INFO_NAMESPACE}" namespace`);
  // The controller-manager adds one jws-kubeconfig-<id> signature per signing token: not ours to remove.
  await apply(client, clusterInfoConfigMap(clusterInfoKubeconfig(cluster)), {
    ignoreExtraKey: (path, key) => path === 'data' && key.startsWith(JWS_SIGNATURE_KEY_PREFIX),
  });
  await applyAll(client, clusterInfoRbac(), log);
}
