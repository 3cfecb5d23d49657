/**
 * show-join-command: kubeadm's closing message. The endpoint and the CA pin come from admin.conf
 * (its server and embedded CA), the token from the run's first bootstrap token.
 */
import { join } from 'node:path';
import { MinikubeadmError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { caCertHash, initSummary } from '../../token/join-command.js';
import { isUnchosen, runTokens } from '../../token/resolve.js';
import type { RunContext } from '../../workflow/context.js';
import { ADMIN_KUBECONFIG, adminClient } from '../admin.js';
import { currentCluster } from '../cluster-info.js';

export async function showJoinCommand(ctx: RunContext, log: Logger): Promise<void> {
  const adminConf = join(ctx.paths.kubeconfigDir, ADMIN_KUBECONFIG);
  const text = await ctx.fs.readText(adminConf);
  if (text === undefined) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${adminConf}" does not exist`, { hint: 'create it with `minikubeadm init phase kubeconfig admin`' });
  }
  const cluster = await currentCluster(text, adminConf, (p) => ctx.fs.read(p));
  const first = ctx.config.init.bootstrapTokens[0];
  if (!first) {
    throw new MinikubeadmError('CONFIG_INVALID', 'bootstrapTokens is empty, so there is no token to join with', { hint: 'add a token to bootstrapTokens in the config, or remove the empty list' });
  }
  // Only a token the user did not choose needs the cluster (to find the one bootstrap-token stored).
  const token = isUnchosen(first) ? (await runTokens(ctx, await adminClient(ctx)))[0]!.token : first.token;
  log.print(
    initSummary({
      adminConf,
      endpoint: new URL(cluster.server).host,
      token,
      caCertHashes: [caCertHash(Buffer.from(cluster.caData, 'base64'))],
      controlPlaneJoin: ctx.config.cluster.controlPlaneEndpoint !== '',
      skipTokenPrint: ctx.flags.skipTokenPrint,
      skipCertificateKeyPrint: ctx.flags.skipCertificateKeyPrint,
    }),
  );
}
