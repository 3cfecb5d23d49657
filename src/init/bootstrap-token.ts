/**
 * init phase bootstrap-token: the token Secrets, the RBAC that lets tokens join nodes and get their
 * CSRs approved, the cluster-info ConfigMap and anonymous read access to it. The token itself is
 * never printed here (only its id); show-join-command prints it.
 */
import { bootstrapTokenSecretName, parseBootstrapToken } from '../config/bootstrap-token.js';
import { kubeconfigPath } from '../config/paths.js';
import { MinikubeadmError } from '../errors.js';
import { apply, applyAll, resultText } from '../kube/objects/apply.js';
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE, clusterInfoConfigMap } from '../kube/objects/cluster-info.js';
import { bootstrapTokenRbac, clusterInfoRbac } from '../kube/objects/rbac.js';
import { clusterInfoKubeconfig } from '../kubeconfig/cluster-info.js';
import { currentClusterOf } from '../kubeconfig/kubeconfig.js';
import { JWS_SIGNATURE_KEY_PREFIX } from '../token/jws.js';
import { listTokenSecrets, maskToken } from '../token/resolve.js';
import { buildTokenSecret } from '../token/secret.js';
import { usesKubeletAPIAdminRole } from '../versions/release.js';
import type { RunContext } from '../workflow/context.js';

export async function bootstrapToken(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const client = await ctx.cluster();
  const tokens = await ctx.tokens();
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

  for (const group of bootstrapTokenRbac({ kubeletAPIAdmin: usesKubeletAPIAdminRole(ctx.config.cluster.kubernetesVersion) })) {
    await applyAll(client, group.objects, log);
    log.info(group.line);
  }

  const cluster = await currentClusterOf(ctx.fs, kubeconfigPath(ctx.paths, 'admin'), 'kubeconfig admin');
  log.info(`Creating the "${CLUSTER_INFO_NAME}" ConfigMap in the "${CLUSTER_INFO_NAMESPACE}" namespace`);
  // The controller-manager adds one jws-kubeconfig-<id> signature per signing token: not ours to remove.
  await apply(client, clusterInfoConfigMap(clusterInfoKubeconfig({ server: cluster.server, caPem: cluster.caPem })), {
    ignoreExtraKey: (path, key) => path === 'data' && key.startsWith(JWS_SIGNATURE_KEY_PREFIX),
  });
  await applyAll(client, clusterInfoRbac(), log);
}
