/**
 * Errors with a stable code and a next-step hint. User errors (bad input, a file that does not
 * match) print without a stack; anything else is a bug and keeps its stack under -v 5.
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_READ'
  | 'CONFIG_INVALID'
  | 'FLAG_INVALID'
  | 'PHASE_UNKNOWN'
  | 'PHASE_DEPENDENCY'
  | 'PHASE_FAILED'
  | 'NOT_IMPLEMENTED'
  | 'PKI_INVALID'
  | 'PKI_MISSING'
  | 'KUBECONFIG_INVALID'
  | 'FILE_CONFLICT'
  /** A FIFO, device, socket or directory where a regular file is expected. */
  | 'FILE_NOT_REGULAR'
  | 'FILE_TOO_LARGE'
  /** Another run holds the lock on the directory. */
  | 'LOCKED'
  | 'RENDER_INVALID'
  | 'TEMPLATE_INVALID'
  | 'PREFLIGHT_FAILED'
  | 'TIMEOUT'
  | 'API_ERROR'
  | 'DISCOVERY_FAILED'
  | 'JOIN_REFUSED'
  /** check-expiration --warn-within: something expires inside the window (exit 2) or has expired (exit 3). */
  | 'CERT_EXPIRING'
  | 'INTERNAL';

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
  exitCode?: number;
}

export class MinikubeadmError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MinikubeadmError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** The command line itself is wrong (unknown command or flag, missing value): printed with a pointer to --help. */
export class UsageError extends MinikubeadmError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint === undefined ? {} : { hint });
    this.name = 'UsageError';
  }
}

/** One problem found while validating input; `path` is the field path (e.g. `networking.podSubnet`). */
export interface FieldIssue {
  path: string;
  message: string;
  /** Where the value came from: a file (with line when known) or a flag. */
  source?: string;
}

/** A file with thousands of problems lists the first ones: the rest are more of the same. */
const MAX_LISTED_ISSUES = 100;

/** Every problem in the input at once, so the user fixes them in one go. */
export class ValidationError extends MinikubeadmError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[], what = 'configuration', hint?: string) {
    const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `  - ${i.path}: ${i.message}${i.source ? ` (${i.source})` : ''}`);
    if (issues.length > MAX_LISTED_ISSUES) lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more`);
    super('CONFIG_INVALID', `invalid ${what}:\n${lines.join('\n')}`, {
      hint: hint ?? 'fix the fields listed above; `minikubeadm config validate --config FILE` checks a file without running anything',
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export function isMinikubeadmError(e: unknown): e is MinikubeadmError {
  return e instanceof MinikubeadmError;
}

/** Message of any thrown value, for wrapping. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
