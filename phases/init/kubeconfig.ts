/** `init phase kubeconfig`: one sub-phase per row of the kubeconfig table. */
import type { FlagKey } from '../../src/config/flags/table.js';
import { caCertPath } from '../../src/config/paths.js';
import { KUBECONFIGS, type KubeconfigSpec } from '../../src/kubeconfig/specs.js';
import type { Phase, PhaseDependency } from '../../src/workflow/phase.js';

const body = () => import('../../src/init/kubeconfig.js');

const FLAGS: readonly FlagKey[] = ['apiserverAdvertiseAddress', 'controlPlaneEndpoint', 'apiserverBindPort', 'certDir', 'kubeconfigDir', 'kubernetesVersion', 'fixPermissions'];

const caDependency: PhaseDependency = {
  phase: 'certs/ca',
  needs: 'the cluster CA (ca.crt, and ca.key unless the kubeconfig files are provided)',
  satisfied: async (ctx) => ctx.fs.exists(caCertPath(ctx.paths)),
};

function filePhase(spec: KubeconfigSpec): Phase {
  return {
    name: spec.name,
    short: spec.short,
    long: `Generate the kubeconfig file ${spec.file}. If it already exists, it is checked and used as it is.`,
    flags: spec.name === 'kubelet' ? [...FLAGS, 'nodeName'] : FLAGS,
    dependsOn: [caDependency],
    run: async (ctx) => (await body()).kubeconfigFile(ctx, spec),
  };
}

export const kubeconfigPhase: Phase = {
  name: 'kubeconfig',
  short: 'Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file',
  phases: KUBECONFIGS.map(filePhase),
  run: async (ctx) => (await body()).prepareKubeconfigs(ctx),
};
