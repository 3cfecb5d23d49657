/** init phase control-plane: the static Pod manifests of kube-apiserver, kube-controller-manager and kube-scheduler. */
import { initManifestInputs, renderStaticPod, writeManifest } from '../manifests/render.js';
import type { BuiltPod, ManifestInputs } from '../manifests/pod.js';
import { templateOptions } from '../render/templates.js';
import type { RunContext } from '../workflow/context.js';

export type ControlPlaneComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';

const BUILDERS: Readonly<Record<ControlPlaneComponent, () => Promise<(inputs: ManifestInputs) => BuiltPod>>> = {
  'kube-apiserver': async () => (await import('../manifests/kube-apiserver.js')).apiServerPod,
  'kube-controller-manager': async () => (await import('../manifests/kube-controller-manager.js')).controllerManagerPod,
  'kube-scheduler': async () => (await import('../manifests/kube-scheduler.js')).schedulerPod,
};

/** `control-plane <component>`: render, check and write one component's manifest. */
export async function controlPlaneComponent(ctx: RunContext, component: ControlPlaneComponent): Promise<void> {
  // Printed once per run, whether all sub-phases run or just one.
  ctx.log.once('info', `Using manifest folder "${ctx.paths.manifestsDir}"`);
  ctx.log.info(`Creating static Pod manifest for "${component}"`);
  const build = await BUILDERS[component]();
  const built = build(await initManifestInputs(ctx.config, ctx.paths, { exists: (p) => ctx.fs.exists(p), env: ctx.host.env }));
  const rendered = await renderStaticPod(built, templateOptions(ctx.paths, ctx.fs), ctx.log);
  await writeManifest(ctx.fs, ctx.paths, built.pod.name, rendered, ctx.log);
}
