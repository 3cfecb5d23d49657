/** init phase etcd: the static Pod manifest of a local (stacked) etcd member. */
import type { Logger } from '../../src/log.js';
import type { RunContext } from '../../src/workflow/context.js';
import type { Phase } from '../../src/workflow/phase.js';

async function runLocal(ctx: RunContext, log: Logger): Promise<void> {
  if (ctx.config.cluster.etcd.external) {
    log.info('External etcd mode. Skipping the creation of a manifest for local etcd');
    return;
  }
  const [{ initManifestInputs, renderStaticPod, writeManifest, ETCD_DATA_DIR_MODE }, { etcdPod }] = await Promise.all([
    import('../../src/manifests/write.js'),
    import('../../src/manifests/etcd.js'),
  ]);
  const built = etcdPod(await initManifestInputs(ctx));
  // Render and check the manifest before touching anything, so a bad template leaves no trace.
  const rendered = await renderStaticPod(ctx, log, built);
  if (ctx.dryRun) log.info(`Would ensure that "${ctx.paths.etcdDataDir}" directory is present`);
  else await ctx.fs.mkdir(ctx.paths.etcdDataDir, ETCD_DATA_DIR_MODE);
  log.info(`Creating static Pod manifest for local etcd in "${ctx.paths.manifestsDir}"`);
  await writeManifest(ctx, log, built.pod.name, rendered);
}

export const etcdPhase: Phase = {
  name: 'etcd',
  short: 'Generate static Pod manifest file for local etcd',
  phases: [
    {
      name: 'local',
      short: 'Generate the static Pod manifest file for a local, single-node local etcd instance',
      flags: ['config', 'kubernetes-dir', 'cert-dir', 'templates-dir', 'image-repository', 'dry-run'],
      run: runLocal,
    },
  ],
};
