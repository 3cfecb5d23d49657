/** `init phase kubeconfig`: one sub-phase per row of the kubeconfig table. */
import { join } from 'node:path';
import { KUBECONFIGS, type KubeconfigSpec } from '../../src/kubeconfig/specs.js';
import type { Phase, PhaseDependency } from '../../src/workflow/phase.js';

const FLAGS = ['apiserver-advertise-address', 'control-plane-endpoint', 'apiserver-bind-port', 'cert-dir', 'config', 'kubeconfig-dir', 'kubernetes-version'];

const ensure = () => import('../../src/kubeconfig/ensure.js');

const caDependency: PhaseDependency = {
  phase: 'certs/ca',
  needs: 'the cluster CA (ca.crt, and ca.key unless the kubeconfig files are provided)',
  satisfied: async (ctx) => ctx.fs.exists(join(ctx.paths.certificatesDir, 'ca.crt')),
};

function filePhase(spec: KubeconfigSpec): Phase {
  return {
    name: spec.name,
    short: spec.short,
    long: `Generate the kubeconfig file ${spec.file}. If it already exists, it is checked and used as it is.`,
    flags: spec.name === 'kubelet' ? [...FLAGS, 'node-name'] : FLAGS,
    dependsOn: [caDependency],
    run: async (ctx, log) => (await ensure()).ensureKubeconfig(ctx, log, spec),
  };
}

export const kubeconfigPhase: Phase = {
  name: 'kubeconfig',
  short: 'Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file',
  flags: [...FLAGS, 'node-name'],
  phases: KUBECONFIGS.map(filePhase),
  run: async (ctx, log) => (await import('../../src/kubeconfig/prefetch.js')).prepareKubeconfigs(ctx, log),
};
