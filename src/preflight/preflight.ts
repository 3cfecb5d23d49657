/**
 * One preflight run, for init or join: every check through the host seam, kubeadm-style warning
 * lines with hints (or the JSON/YAML report with `-o json|yaml`), and PREFLIGHT_FAILED when an error
 * is left after --ignore-preflight-errors.
 */
import type { HostProbe } from '../host/system.js';
import type { Logger } from '../log.js';
import { preflightError, renderReport, warningLines } from './report.js';
import { type PreflightReport, runChecks } from './run.js';
import type { Check, PreflightPlan } from './types.js';

export interface PreflightInputs {
  host: HostProbe;
  log: Logger;
  output: 'text' | 'json' | 'yaml';
  /** `--ignore-preflight-errors` merged with nodeRegistration.ignorePreflightErrors. */
  ignore: readonly string[];
}

export async function runPreflight(inputs: PreflightInputs, plan: PreflightPlan, checks: readonly Check[]): Promise<PreflightReport> {
  const { log, output: format } = inputs;
  if (format === 'text') log.info('Running pre-flight checks');
  const report = await runChecks(checks, inputs.host, plan, inputs.ignore);
  if (format === 'text') {
    for (const name of report.unmatchedIgnores) log.warn(`--ignore-preflight-errors names "${name}", which is not a check of this run`);
    for (const c of report.checks) if (c.passed) log.debug(1, `[OK ${c.name}]: ${c.message}`);
    const lines = warningLines(report);
    if (lines.length > 0) log.error(lines.join('\n'));
  } else {
    log.print(await renderReport(report, format));
  }
  const error = preflightError(report, format);
  if (error) throw error;
  return report;
}
