/**
 * init phase show-join-command: kubeadm's closing message. The endpoint and the CA pin come from
 * admin.conf (its server and CA), the token from the run's first bootstrap token.
 */
import { kubeconfigPath } from '../config/paths.js';
import { MinikubeadmError } from '../errors.js';
import { currentClusterOf } from '../kubeconfig/kubeconfig.js';
import { hashCertificate } from '../pki/pubkeypin.js';
import { initSummary } from '../token/join-command.js';
import { isUnchosen } from '../token/resolve.js';
import type { RunContext } from '../workflow/context.js';

export async function showJoinCommand(ctx: RunContext): Promise<void> {
  const adminConf = kubeconfigPath(ctx.paths, 'admin');
  const cluster = await currentClusterOf(ctx.fs, adminConf, 'kubeconfig admin');
  const first = ctx.config.init.bootstrapTokens[0];
  if (!first) {
    throw new MinikubeadmError('CONFIG_INVALID', 'bootstrapTokens is empty, so there is no token to join with', { hint: 'add a token to bootstrapTokens in the config, or remove the empty list' });
  }
  // Only a token the user did not choose needs the cluster (to find the one bootstrap-token stored).
  const token = isUnchosen(first) ? (await ctx.tokens())[0]!.token : first.token;
  ctx.log.print(
    initSummary({
      adminConf,
      endpoint: new URL(cluster.server).host,
      token,
      caCertHashes: [hashCertificate(cluster.caPem)],
      controlPlaneJoin: ctx.config.cluster.controlPlaneEndpoint !== '',
      skipTokenPrint: ctx.flags.skipTokenPrint,
      skipCertificateKeyPrint: ctx.flags.skipCertificateKeyPrint,
    }),
  );
}
