/**
 * init phase upload-certs: with --upload-certs, the certificates every control-plane node shares go
 * into the kubeadm-certs Secret, encrypted with the certificate key and owned by a 2-hour bootstrap
 * token (so the Secret is gone when the token expires), readable by the default bootstrap token
 * group; then the key is printed (unless --skip-certificate-key-print).
 */
import { generateBootstrapToken } from '../config/bootstrap-token.js';
import { KUBEADM_CERTS_SECRET, certTokenSpec, kubeadmCertsSecret, sharedFiles } from '../copycerts/secret.js';
import { apply, applyAll } from '../kube/objects/apply.js';
import { kubeadmCertsRbac } from '../kube/objects/rbac.js';
import { refOf } from '../kube/objects/types.js';
import { buildTokenSecret } from '../token/secret.js';
import type { RunContext } from '../workflow/context.js';

export async function uploadCerts(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  if (!ctx.flags.uploadCerts) {
    log.info('Skipping phase. Please see --upload-certs');
    return;
  }
  const client = await ctx.cluster();
  const key = ctx.certificateKey();
  const contents = new Map<string, Buffer | undefined>();
  for (const file of sharedFiles(ctx.config.cluster, ctx.paths.certificatesDir)) contents.set(file.key, file.path === '' ? undefined : await ctx.fs.read(file.path));
  log.info(`Storing the certificates in Secret "${KUBEADM_CERTS_SECRET}" in the "kube-system" Namespace`);
  const tokenSecret = buildTokenSecret(certTokenSpec(generateBootstrapToken()), ctx.now());
  await apply(client, tokenSecret);
  const owner = client.dryRun ? tokenSecret : ((await client.get(refOf(tokenSecret))) ?? tokenSecret);
  await apply(client, kubeadmCertsSecret(contents, key, owner));
  await applyAll(client, kubeadmCertsRbac(KUBEADM_CERTS_SECRET), log);
  if (ctx.flags.skipCertificateKeyPrint) return;
  log.info('Using certificate key:');
  log.print(key);
}
