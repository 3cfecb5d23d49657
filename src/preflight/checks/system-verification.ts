/**
 * SystemVerification: operating system, kernel release and config, cgroups. How strict it is
 * follows the version table for the Kubernetes version (a worker join, which does not know it yet,
 * uses the default version's): an unsupported kernel release is an error before v1.34 and a
 * warning from then on; cgroup v1 is a warning before v1.35 and, from v1.35, an error when the
 * kubelet is v1.35 or newer (the installed one, else the configured version: that kubelet refuses
 * to start on cgroup v1) unless the KubeletConfiguration sets failCgroupV1: false.
 */
import { DEFAULT_KUBERNETES_VERSION } from '../../config/constants.js';
import { releaseFor } from '../../versions/release.js';
import { type Check, always, fail, pass } from '../types.js';
import { detectCgroups, judgeCgroups } from './cgroups.js';
import { judgeKernel } from './kernel.js';
import { compareSemVer, formatSemVer, parseSemVer } from '../semver.js';
import { installedKubeletVersion } from './versions.js';

/** The first kubelet release that refuses cgroup v1 unless failCgroupV1 is false. */
const CGROUP_V1_REFUSED_FROM = parseSemVer('1.35.0-0')!;

export const systemVerificationCheck: Check = {
  name: 'SystemVerification',
  severity: 'error',
  appliesTo: always,
  async run(host, plan) {
    const version = plan.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const rules = releaseFor(version).preflight;
    const cgroups = await detectCgroups(host);
    const kernel = await judgeKernel(host, cgroups.mode, { unsupportedRelease: rules.kernelVersion });
    const kubelet = cgroups.mode === 'v2' ? undefined : ((await installedKubeletVersion(host)) ?? parseSemVer(version));
    const refusingKubelet = kubelet !== undefined && compareSemVer(kubelet, CGROUP_V1_REFUSED_FROM) >= 0;
    const v1 = rules.cgroupV1 === 'error' && refusingKubelet && plan.failCgroupV1 !== false ? 'error' : 'warning';
    const cg = judgeCgroups(cgroups, { v1, kubeletVersion: kubelet ? `v${formatSemVer(kubelet)}` : undefined });
    const errors = [...kernel.errors, ...cg.errors];
    const warnings = [...kernel.warnings, ...cg.warnings];
    if (errors.length === 0) return pass(`${kernel.summary}; ${cg.summary}`, warnings);
    return fail(errors.map((e) => e.message).join('; '), errors.map((e) => e.hint).join('; '), { warnings });
  },
};
