/**
 * The start of the `kubeconfig` phase: name the directory and start the client keys of the files
 * that are absent (when ca.key is there to sign them), before the certificate code is loaded.
 */
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { keyPoolOf, keySpecFor } from '../pki/keys.js';
import { certKeyPaths } from '../pki/paths.js';
import type { RunContext } from '../workflow/context.js';
import { KUBECONFIGS } from './specs.js';

/** How many kubeconfig files are absent. */
export async function missingKubeconfigCount(ctx: RunContext): Promise<number> {
  const absent = await Promise.all(KUBECONFIGS.map(async (k) => !(await ctx.fs.exists(join(ctx.paths.kubeconfigDir, k.file)))));
  return absent.filter(Boolean).length;
}

export async function prepareKubeconfigs(ctx: RunContext, log: Logger): Promise<void> {
  log.info(`Using kubeconfig folder "${ctx.paths.kubeconfigDir}"`);
  const count = await missingKubeconfigCount(ctx);
  if (count > 0 && (await ctx.fs.exists(certKeyPaths(ctx.paths.certificatesDir, 'ca').key))) {
    keyPoolOf(ctx).prefetch(keySpecFor(ctx.config.cluster.encryptionAlgorithm), count);
  }
}
