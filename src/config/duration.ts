/**
 * Go `time.Duration` strings: parse (`1h30m`, `8760h`, `90s`, `1.5h`) and format canonically
 * (`8760h0m0s`). The config carries every duration as a `Duration`, parsed once while defaulting.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Go's largest time.Duration (2^63-1 ns, about 292 years): ParseDuration refuses more. */
export const MAX_DURATION_MS = 9_223_372_036_854.775;

/** Milliseconds of a Go duration, or `undefined` when the text is not one (or beyond MAX_DURATION_MS, as Go). */
export function parseDuration(text: string): number | undefined {
  const ms = parseDurationText(text);
  return ms === undefined || Math.abs(ms) > MAX_DURATION_MS ? undefined : ms;
}

/** Why `text` is not a duration Go accepts, or `undefined` when it is one. */
export function durationProblem(text: string): string | undefined {
  const ms = parseDurationText(text);
  if (ms === undefined) return 'is not a duration';
  return Math.abs(ms) > MAX_DURATION_MS ? 'is beyond the largest duration (2562047h47m16s, about 292 years)' : undefined;
}

function parseDurationText(text: string): number | undefined {
  let s = text.trim();
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const start = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== start) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2] as string]!;
  }
  return sign * total;
}

/** Go's canonical form for whole-second durations: `8760h0m0s`, `5m0s`, `30s`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/**
 * A duration field of the config: its canonical text (what is printed and uploaded) and its value.
 * `ms` is NaN while the text is not a duration; validation refuses that, so a validated config
 * holds only finite values.
 */
export interface Duration {
  readonly text: string;
  readonly ms: number;
}

/** Parse once: canonical text and milliseconds (text kept as given, `ms` NaN, when it is not a duration). */
export function duration(text: string): Duration {
  const ms = parseDuration(text);
  return ms === undefined ? { text, ms: Number.NaN } : { text: formatDuration(ms), ms };
}
