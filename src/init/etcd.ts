/** init phase etcd: the static Pod manifest of a local (stacked) etcd member. */
import { ETCD_DATA_DIR_MODE, initManifestInputs, renderStaticPod, writeManifest } from '../manifests/render.js';
import type { RunContext } from '../workflow/context.js';
import { templateOptions } from '../render/templates.js';

/** `etcd local`. */
export async function localEtcd(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  if (ctx.config.cluster.etcd.external) {
    log.info('External etcd mode. Skipping the creation of a manifest for local etcd');
    return;
  }
  const { etcdPod } = await import('../manifests/etcd.js');
  const built = etcdPod(await initManifestInputs(ctx.config, ctx.paths, { exists: (p) => ctx.fs.exists(p), env: ctx.host.env }));
  // Render and check the manifest before touching anything, so a bad template leaves no trace.
  const rendered = await renderStaticPod(built, templateOptions(ctx.paths, ctx.fs), log);
  if (ctx.dryRun) log.info(`Would ensure that "${ctx.paths.etcdDataDir}" directory is present`);
  else await ctx.fs.mkdir(ctx.paths.etcdDataDir, ETCD_DATA_DIR_MODE);
  log.info(`Creating static Pod manifest for local etcd in "${ctx.paths.manifestsDir}"`);
  await writeManifest(ctx.fs, ctx.paths, built.pod.name, rendered, log);
}
