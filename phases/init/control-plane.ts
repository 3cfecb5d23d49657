/** init phase control-plane: the static Pod manifests of kube-apiserver, kube-controller-manager and kube-scheduler. */
import type { Logger } from '../../src/log.js';
import type { BuiltPod, ManifestInputs } from '../../src/manifests/pod.js';
import type { RunContext } from '../../src/workflow/context.js';
import type { Phase } from '../../src/workflow/phase.js';

const FLAGS = [
  'config',
  'kubernetes-dir',
  'cert-dir',
  'kubeconfig-dir',
  'templates-dir',
  'kubernetes-version',
  'image-repository',
  'apiserver-advertise-address',
  'apiserver-bind-port',
  'control-plane-endpoint',
  'service-cidr',
  'pod-network-cidr',
  'service-dns-domain',
  'dry-run',
] as const;

type Builder = (inputs: ManifestInputs) => BuiltPod;

/** A sub-phase writing one component's manifest; `load` imports the builder lazily. */
function component(name: string, component: string, load: () => Promise<Builder>): Phase {
  return {
    name,
    short: `Generates the ${component} static Pod manifest`,
    flags: FLAGS,
    run: async (ctx: RunContext, log: Logger) => {
      const { initManifestInputs, writeStaticPod } = await import('../../src/manifests/write.js');
      // Printed once per run, whether all sub-phases run or just one.
      ctx.memo('control-plane/manifest-folder', () => log.info(`Using manifest folder "${ctx.paths.manifestsDir}"`));
      log.info(`Creating static Pod manifest for "${component}"`);
      const build = await load();
      await writeStaticPod(ctx, log, build(await initManifestInputs(ctx)));
    },
  };
}

export const controlPlanePhase: Phase = {
  name: 'control-plane',
  short: 'Generate all static Pod manifest files necessary to establish the control plane',
  flags: FLAGS,
  phases: [
    component('apiserver', 'kube-apiserver', async () => (await import('../../src/manifests/kube-apiserver.js')).apiServerPod),
    component('controller-manager', 'kube-controller-manager', async () => (await import('../../src/manifests/kube-controller-manager.js')).controllerManagerPod),
    component('scheduler', 'kube-scheduler', async () => (await import('../../src/manifests/kube-scheduler.js')).schedulerPod),
  ],
};
