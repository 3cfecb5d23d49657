/**
 * Preflight for init and join: build the plan and the check list, run every check through the
 * host seam, print kubeadm-style warning lines with hints (or the JSON/YAML report with
 * `-o json|yaml`), and stop the run when an error is left after --ignore-preflight-errors.
 */
import { type HostProbe, hostOf } from '../host/system.js';
import type { Logger } from '../log.js';
import type { RunContext } from '../workflow/context.js';
import { initChecks, joinChecks } from './lists.js';
import { type JoinPreflightOptions, planForInit, planForJoin } from './plan.js';
import { preflightError, renderReport, warningLines } from './report.js';
import { type PreflightReport, runChecks } from './run.js';
import type { Check, PreflightPlan } from './types.js';

export { commonChecks, initChecks, initNodeChecks, joinChecks, REQUIRED_EXECUTABLES } from './lists.js';
export { planForInit, planForJoin, type JoinPreflightOptions } from './plan.js';
export { isIgnored, runChecks, type CheckReport, type PreflightReport } from './run.js';
export { preflightError, renderReport, warningLines } from './report.js';
export { PREFLIGHT_REPORT_SCHEMA } from './report-schema.js';
export type { Advisory, Check, CheckResult, PreflightPlan, Severity } from './types.js';

/** Run `checks`, report them in the run's output format, throw PREFLIGHT_FAILED when an error is left. */
export async function runPreflight(ctx: RunContext, log: Logger, host: HostProbe, plan: PreflightPlan, checks: readonly Check[]): Promise<PreflightReport> {
  const format = ctx.flags.output;
  if (format === 'text') log.info('Running pre-flight checks');
  const report = await runChecks(checks, host, plan, ctx.flags.ignorePreflightErrors);
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

export async function initPreflight(ctx: RunContext, log: Logger, host: HostProbe = hostOf(ctx)): Promise<PreflightReport> {
  const plan = planForInit(ctx);
  return runPreflight(ctx, log, host, plan, initChecks(plan));
}

export async function joinPreflight(ctx: RunContext, log: Logger, options: JoinPreflightOptions = {}, host: HostProbe = hostOf(ctx)): Promise<PreflightReport> {
  const plan = planForJoin(ctx, options);
  return runPreflight(ctx, log, host, plan, joinChecks(plan));
}
