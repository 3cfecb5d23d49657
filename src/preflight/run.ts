/**
 * Runs every check (concurrently; results keep the list's order) before judging, so one run shows
 * every problem. A check that throws or hangs becomes a failed result, never a crash. Errors of
 * checks named in --ignore-preflight-errors (case-insensitive, or `all`) become warnings.
 */
import type { HostProbe } from '../host/system.js';
import type { Advisory, Check, CheckResult, PreflightPlan, Severity } from './types.js';

const REPORT_API_VERSION = 'minikubeadm/v1alpha1';

export interface CheckReport {
  name: string;
  /** Severity of this outcome: the check's own, or worse when the result says so. */
  severity: Severity;
  passed: boolean;
  /** A failed error-severity check that --ignore-preflight-errors turned into a warning. */
  ignored: boolean;
  message: string;
  /** One line saying what to do; present whenever the check did not pass. */
  hint?: string;
  warnings: Advisory[];
  durationMs: number;
}

export interface PreflightReport {
  apiVersion: typeof REPORT_API_VERSION;
  kind: 'PreflightReport';
  command: 'init' | 'join';
  node: string;
  /** No error is left after ignores: the run may go on. */
  passed: boolean;
  summary: { checks: number; passed: number; warnings: number; errors: number; ignored: number };
  ignorePreflightErrors: string[];
  /** Names given to --ignore-preflight-errors that match no check of this run. */
  unmatchedIgnores: string[];
  checks: CheckReport[];
}

const CHECK_TIMEOUT_MS = 60_000;

/** `all`, or the check's name in any case. */
export function isIgnored(name: string, ignore: readonly string[]): boolean {
  const set = new Set(ignore.map((s) => s.trim().toLowerCase()));
  return set.has('all') || set.has(name.toLowerCase());
}

async function runOne(check: Check, host: HostProbe, plan: PreflightPlan, timeoutMs: number): Promise<CheckResult> {
  const hint = `re-run with -v 5 to see more; if the machine is fine, make the check non-fatal with --ignore-preflight-errors=${check.name}`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ passed: false, message: `the check did not finish within ${timeoutMs / 1000}s`, hint }), timeoutMs);
  });
  try {
    return await Promise.race([check.run(host, plan), timeout]);
  } catch (e) {
    return { passed: false, message: `the check could not run: ${e instanceof Error ? e.message : String(e)}`, hint, severity: 'error' };
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecks(
  checks: readonly Check[],
  host: HostProbe,
  plan: PreflightPlan,
  ignore: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<PreflightReport> {
  const results = await Promise.all(
    checks.map(async (check): Promise<CheckReport> => {
      const started = performance.now();
      const r = await runOne(check, host, plan, options.timeoutMs ?? CHECK_TIMEOUT_MS);
      const severity: Severity = r.passed ? check.severity : (r.severity ?? check.severity);
      return {
        name: check.name,
        severity,
        passed: r.passed,
        ignored: !r.passed && severity === 'error' && isIgnored(check.name, ignore),
        message: r.message,
        ...(r.passed ? {} : { hint: r.hint ?? `see the message of ${check.name}` }),
        warnings: r.warnings ?? [],
        durationMs: Math.round(performance.now() - started),
      };
    }),
  );
  const names = new Set(checks.map((c) => c.name.toLowerCase()));
  const given = [...new Set(ignore.map((s) => s.trim()).filter((s) => s !== ''))];
  const errors = results.filter((r) => !r.passed && r.severity === 'error' && !r.ignored).length;
  return {
    apiVersion: REPORT_API_VERSION,
    kind: 'PreflightReport',
    command: plan.command,
    node: plan.nodeName,
    passed: errors === 0,
    summary: {
      checks: results.length,
      passed: results.filter((r) => r.passed).length,
      warnings: results.filter((r) => !r.passed && (r.severity === 'warning' || r.ignored)).length + results.reduce((n, r) => n + r.warnings.length, 0),
      errors,
      ignored: results.filter((r) => r.ignored).length,
    },
    ignorePreflightErrors: given,
    unmatchedIgnores: given.filter((s) => s.toLowerCase() !== 'all' && !names.has(s.toLowerCase())),
    checks: results,
  };
}
