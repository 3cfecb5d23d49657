/** `init phase preflight`: kubeadm's init checks, with a fix hint per problem and `-o json|yaml` reports. */
import type { Phase } from '../../src/workflow/phase.js';

export const preflightPhase: Phase = {
  name: 'preflight',
  short: 'Run pre-flight checks',
  long:
    'Checks the machine before anything is written: privileges, CPUs and memory, ports, files left by an earlier run, ' +
    'the container runtime, kernel and cgroups, required executables and the kubelet. Every check runs; problems are ' +
    'listed with a one-line hint. `-o json` prints the report for scripts; the exit code is 1 while an error is not ' +
    'ignored with --ignore-preflight-errors.',
  flags: [
    'criSocket',
    'ignorePreflightErrors',
    'apiserverAdvertiseAddress',
    'apiserverBindPort',
    'nodeName',
    'output',
    'kubernetesVersion',
    'podNetworkCidr',
    'serviceCidr',
    'controlPlaneEndpoint',
  ],
  run: async (ctx) => (await import('../../src/init/preflight.js')).preflight(ctx),
};
