/**
 * Collects every problem with the field path the user knows (the path in their file, or the flag that
 * set the value) and where it is (`file:line`). Pipeline stages report internal v1beta4 paths; the
 * reporter maps them back through v1beta3 conversion aliases and flag origins.
 */
import type { FieldIssue } from '../errors.js';

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `` */
export function parentPath(path: string): string {
  const m = /^(.*)(?:\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m ? m[1]! : '';
}

const isUnder = (path: string, prefix: string): boolean =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

export class Reporter {
  readonly issues: FieldIssue[] = [];
  readonly warnings: string[] = [];
  private readonly aliases = new Map<string, string>();
  private readonly flags = new Map<string, string>();
  private structuralCount = 0;
  /** `path\0message` of every issue added, so a repeat is dropped in constant time. */
  private readonly seen = new Set<string>();

  constructor(
    readonly file: string | undefined,
    private readonly lines: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** Values under internal path `internal` were written at `display` in the user's file (conversion). */
  alias(internal: string, display: string): void {
    this.aliases.set(internal, display);
  }

  /** The value at `path` came from a command-line flag (e.g. `--pod-network-cidr`). */
  fromFlag(path: string, flag: string): void {
    this.flags.set(path, flag);
  }

  /** The flag that set `path` (or a parent of it), if any. */
  flagOf(path: string): string | undefined {
    let best: string | undefined;
    let bestLen = -1;
    for (const [p, flag] of this.flags) {
      if (isUnder(path, p) && p.length > bestLen) {
        best = flag;
        bestLen = p.length;
      }
    }
    return best;
  }

  /** The path as the user wrote it and its `file:line` when the parser knows it. */
  locate(path: string): { path: string; source?: string } {
    const flag = this.flagOf(path);
    if (flag) return { path: flag };
    let display = path;
    let bestLen = -1;
    for (const [internal, shown] of this.aliases) {
      if (isUnder(path, internal) && internal.length > bestLen) {
        display = shown + path.slice(internal.length);
        bestLen = internal.length;
      }
    }
    for (let p = display; p !== ''; p = parentPath(p)) {
      const line = this.lines.get(p);
      if (line !== undefined && this.file !== undefined) return { path: display, source: `${this.file}:${line}` };
    }
    return { path: display };
  }

  add(path: string, message: string): void {
    const where = this.locate(path);
    const id = `${where.path}\0${message}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.issues.push(where.source === undefined ? { path: where.path, message } : { path: where.path, message, source: where.source });
  }

  /** An issue whose path is already in user terms (load stage: documents, kinds). */
  addRaw(issue: FieldIssue): void {
    this.issues.push(issue);
    this.structuralCount++;
  }

  /** How many issues are about the file's structure (syntax, documents, kinds) rather than fields. */
  get structural(): number {
    return this.structuralCount;
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }
}
