/**
 * init phase kubeconfig: the directory named once, the client keys of the files that are absent
 * started at once (when ca.key is there to sign them), then one sub-phase per kubeconfig file.
 */
import { caKeyPath } from '../config/paths.js';
import type { KubeconfigSpec } from '../kubeconfig/specs.js';
import { KUBECONFIGS } from '../kubeconfig/specs.js';
import { keySpecFor } from '../pki/algorithms.js';
import type { RunContext } from '../workflow/context.js';
import { join } from 'node:path';

/** `kubeconfig` itself. */
export async function prepareKubeconfigs(ctx: RunContext): Promise<void> {
  ctx.log.info(`Using kubeconfig folder "${ctx.paths.kubeconfigDir}"`);
  const absent = await Promise.all(KUBECONFIGS.map(async (k) => !(await ctx.fs.exists(join(ctx.paths.kubeconfigDir, k.file)))));
  const count = absent.filter(Boolean).length;
  if (count > 0 && (await ctx.fs.exists(caKeyPath(ctx.paths)))) ctx.keys.prefetch(keySpecFor(ctx.config.cluster.encryptionAlgorithm), count);
}

/** `kubeconfig <name>`: `spec`'s file exists and fits afterwards. */
export async function kubeconfigFile(ctx: RunContext, spec: KubeconfigSpec): Promise<void> {
  const { ensureKubeconfig } = await import('../kubeconfig/ensure.js');
  await ensureKubeconfig({ fs: ctx.fs, config: ctx.config, paths: ctx.paths, keys: ctx.keys, now: ctx.now(), log: ctx.log, fixModes: ctx.flags.fixPermissions }, spec);
}
