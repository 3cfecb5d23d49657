/** init phase control-plane: the static Pod manifests of kube-apiserver, kube-controller-manager and kube-scheduler. */
import type { FlagKey } from '../../src/config/flags/table.js';
import type { ControlPlaneComponent } from '../../src/init/control-plane.js';
import type { Phase } from '../../src/workflow/phase.js';

const FLAGS: readonly FlagKey[] = [
  'certDir',
  'kubeconfigDir',
  'templatesDir',
  'kubernetesVersion',
  'imageRepository',
  'apiserverAdvertiseAddress',
  'apiserverBindPort',
  'controlPlaneEndpoint',
  'serviceCidr',
  'podNetworkCidr',
  'serviceDnsDomain',
];

function component(name: string, component: ControlPlaneComponent): Phase {
  return {
    name,
    short: `Generates the ${component} static Pod manifest`,
    flags: FLAGS,
    run: async (ctx) => (await import('../../src/init/control-plane.js')).controlPlaneComponent(ctx, component),
  };
}

export const controlPlanePhase: Phase = {
  name: 'control-plane',
  short: 'Generate all static Pod manifest files necessary to establish the control plane',
  phases: [component('apiserver', 'kube-apiserver'), component('controller-manager', 'kube-controller-manager'), component('scheduler', 'kube-scheduler')],
};
