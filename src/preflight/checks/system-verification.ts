/** SystemVerification: operating system, kernel release and config, cgroups. */
import { type Check, always, fail, pass } from '../types.js';
import { detectCgroups, judgeCgroups } from './cgroups.js';
import { judgeKernel } from './kernel.js';

export const systemVerificationCheck: Check = {
  name: 'SystemVerification',
  severity: 'error',
  appliesTo: always,
  async run(host) {
    const cgroups = await detectCgroups(host);
    const kernel = await judgeKernel(host, cgroups.mode);
    const cg = judgeCgroups(cgroups);
    const errors = [...kernel.errors, ...cg.errors];
    const warnings = [...kernel.warnings, ...cg.warnings];
    if (errors.length === 0) return pass(`${kernel.summary}; ${cg.summary}`, warnings);
    return fail(errors.map((e) => e.message).join('; '), errors.map((e) => e.hint).join('; '), { warnings });
  },
};
