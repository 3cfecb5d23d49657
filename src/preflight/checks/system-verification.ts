/**
 * SystemVerification: operating system, kernel release and config, cgroups. How strict it is
 * follows the version table for the Kubernetes version (a worker join, which does not know it yet,
 * uses the default version's): an unsupported kernel release is an error before v1.34 and a
 * warning from then on; cgroup v1 is a warning before v1.35 and an error for v1.35+ kubelets
 * unless the KubeletConfiguration sets failCgroupV1: false.
 */
import { DEFAULT_KUBERNETES_VERSION } from '../../config/constants.js';
import { releaseFor } from '../../versions/release.js';
import { type Check, always, fail, pass } from '../types.js';
import { detectCgroups, judgeCgroups } from './cgroups.js';
import { judgeKernel } from './kernel.js';

export const systemVerificationCheck: Check = {
  name: 'SystemVerification',
  severity: 'error',
  appliesTo: always,
  async run(host, plan) {
    const version = plan.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const rules = releaseFor(version).preflight;
    const cgroups = await detectCgroups(host);
    const kernel = await judgeKernel(host, cgroups.mode, { unsupportedRelease: rules.kernelVersion });
    const cg = judgeCgroups(cgroups, { v1: rules.cgroupV1 === 'error' && plan.failCgroupV1 !== false ? 'error' : 'warning', kubeletVersion: version });
    const errors = [...kernel.errors, ...cg.errors];
    const warnings = [...kernel.warnings, ...cg.warnings];
    if (errors.length === 0) return pass(`${kernel.summary}; ${cg.summary}`, warnings);
    return fail(errors.map((e) => e.message).join('; '), errors.map((e) => e.hint).join('; '), { warnings });
  },
};
