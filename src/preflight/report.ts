/**
 * How a report is shown: kubeadm's `\t[WARNING Name]: message` / `\t[ERROR Name]: message` lines,
 * each followed by a hint line, the fatal-errors error in kubeadm's shape, or the whole report as
 * JSON/YAML for scripts.
 */
import { MinikubeadmError } from '../errors.js';
import type { CheckReport, PreflightReport } from './run.js';

const hintLine = (hint: string): string => `\t    hint: ${hint}`;

/** Warning lines (with hints) in check order: failed warnings, ignored errors, and advisories. */
export function warningLines(report: PreflightReport): string[] {
  const lines: string[] = [];
  for (const c of report.checks) {
    if (!c.passed && (c.severity === 'warning' || c.ignored)) lines.push(`\t[WARNING ${c.name}]: ${c.message}`, hintLine(c.hint ?? ''));
    for (const w of c.warnings) lines.push(`\t[WARNING ${c.name}]: ${w.message}`, hintLine(w.hint));
  }
  return lines;
}

function fatalChecks(report: PreflightReport): CheckReport[] {
  return report.checks.filter((c) => !c.passed && c.severity === 'error' && !c.ignored);
}

function errorLines(report: PreflightReport): string[] {
  return fatalChecks(report).flatMap((c) => [`\t[ERROR ${c.name}]: ${c.message}`, hintLine(c.hint ?? '')]);
}

/** The error that stops the run, or undefined when nothing fatal is left. */
export function preflightError(report: PreflightReport, format: 'text' | 'json' | 'yaml' = 'text'): MinikubeadmError | undefined {
  const fatal = fatalChecks(report);
  if (fatal.length === 0) return undefined;
  const names = fatal.map((c) => c.name);
  const where = format === 'text' ? 'above' : 'in the report';
  const hint = `fix the errors ${where}, or make them non-fatal with --ignore-preflight-errors=${[...new Set(names)].join(',')}`;
  const message =
    format === 'text'
      ? `[preflight] Some fatal errors occurred:\n${errorLines(report).join('\n')}\n[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``
      : `[preflight] Some fatal errors occurred: ${names.join(', ')} (details in the ${format.toUpperCase()} report on stdout)`;
  return new MinikubeadmError('PREFLIGHT_FAILED', message, { hint });
}

export async function renderReport(report: PreflightReport, format: 'json' | 'yaml'): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const { toYaml } = await import('../yaml.js');
  return toYaml(report, 'report');
}
