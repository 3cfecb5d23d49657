/**
 * A small declarative schema for kubeadm's documents and the component configs: which fields exist
 * and what type each has. Checking collects every unknown field and wrong type with its full path,
 * and returns the value with `null`s dropped (YAML `field:` and `field: null` mean "not set", as in
 * kubeadm).
 */
import { durationProblem } from '../duration.js';
import type { Reporter } from '../report.js';

export type Schema =
  | { readonly type: 'string' | 'boolean' | 'integer' | 'number' | 'duration' | 'quantity' | 'any' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'list'; readonly items: Schema }
  | { readonly type: 'map'; readonly values: Schema }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Schema>> };

export const str: Schema = { type: 'string' };
export const bool: Schema = { type: 'boolean' };
export const int: Schema = { type: 'integer' };
/** Any number (Go float32/float64 fields such as qps). */
export const num: Schema = { type: 'number' };
/** A Go duration string (metav1.Duration): `30s`, `5m`, `1h30m`. */
export const duration: Schema = { type: 'duration' };
/** A resource quantity (`100Mi`, `500m`, or a plain number). */
export const quantity: Schema = { type: 'quantity' };
export const any: Schema = { type: 'any' };
/** A string that must be one of `values` ('' in `values` means "unset" is allowed). */
export const oneOf = (...values: string[]): Schema => ({ type: 'enum', values });
export const list = (items: Schema): Schema => ({ type: 'list', items });
export const map = (values: Schema): Schema => ({ type: 'map', values });
export const obj = (fields: Record<string, Schema>): Schema => ({ type: 'object', fields });

/** Fields whose values are secret: a wrong-type message names the type only. */
const SECRET_FIELD = /\.(token|tlsBootstrapToken|certificateKey)$/;

function describe(value: unknown, path = ''): string {
  if (SECRET_FIELD.test(path) && typeof value !== 'object') return `a ${typeof value}`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Kubernetes resource.Quantity text: a decimal number with an optional SI, binary or exponent suffix. */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const WANTED: Record<string, string> = {
  string: 'a string (quote values such as "1.30" or "true")',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  duration: 'a duration string (e.g. "30s", "5m", "1h30m")',
  quantity: 'a quantity (e.g. "100Mi", "500m" or a number)',
  list: 'a list',
  map: 'a mapping',
  object: 'a mapping',
};

/** "did you mean" is worked out for this many issues at most. */
const MAX_SUGGESTIONS = 50;

/** Longer field lists (the kubelet's ~120 fields) are not repeated in every message. */
const MAX_LISTED_FIELDS = 20;

/** Levenshtein distance, for "did you mean" on unknown field names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

/** Explains an unknown field better than "unknown" (e.g. a v1beta4-only field in a v1beta3 file). */
export type UnknownFieldHint = (path: string, name: string) => string | undefined;

export interface CheckOptions {
  report: Reporter;
  hint?: UnknownFieldHint;
}

/** Check `value` against `schema` at `path`; returns the value without nulls (undefined when null). */
export function checkSchema(value: unknown, schema: Schema, path: string, opts: CheckOptions): unknown {
  if (value === null || value === undefined) return undefined;
  switch (schema.type) {
    case 'any':
      return value;
    case 'string':
    case 'boolean': {
      if (typeof value === schema.type) return value;
      opts.report.add(path, `must be ${WANTED[schema.type]}, got ${describe(value, path)}`);
      return undefined;
    }
    case 'integer': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      opts.report.add(path, `must be ${WANTED['integer']}, got ${describe(value, path)}`);
      return undefined;
    }
    case 'number':
    case 'quantity': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (schema.type === 'quantity' && typeof value === 'string' && QUANTITY.test(value)) return value;
      opts.report.add(path, `must be ${WANTED[schema.type]}, got ${describe(value, path)}`);
      return undefined;
    }
    case 'duration': {
      const problem = typeof value === 'string' ? durationProblem(value) : 'is not a duration';
      if (problem === undefined) return value;
      if (problem.startsWith('is beyond')) {
        opts.report.add(path, `${describe(value, path)} ${problem}`);
        return undefined;
      }
      opts.report.add(path, `must be ${WANTED['duration']}, got ${describe(value, path)}`);
      return undefined;
    }
    case 'enum': {
      if (typeof value === 'string' && schema.values.includes(value)) return value;
      const allowed = schema.values.filter((v) => v !== '').map((v) => JSON.stringify(v)).join(', ');
      const unset = schema.values.includes('') ? ' (or "" for the default)' : '';
      opts.report.add(path, `must be one of ${allowed}${unset}, got ${describe(value, path)}`);
      return undefined;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        opts.report.add(path, `must be a list, got ${describe(value)}`);
        return undefined;
      }
      return value.map((item, i) => {
        if (item === null) {
          opts.report.add(`${path}[${i}]`, 'must not be empty (null)');
          return undefined;
        }
        return checkSchema(item, schema.items, `${path}[${i}]`, opts);
      });
    }
    case 'map':
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        opts.report.add(path, `must be a mapping, got ${describe(value)}`);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const child = `${path}.${key}`;
        if (key === '__proto__') {
          opts.report.add(child, 'unknown field "__proto__": this name is not allowed as a key');
          continue;
        }
        if (schema.type === 'map') {
          if (v === null) continue;
          out[key] = checkSchema(v, schema.values, child, opts);
          continue;
        }
        // Own fields only: `constructor`, `toString`… must not find Object.prototype's members.
        const fieldSchema = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
        if (!fieldSchema) {
          const known = Object.keys(schema.fields).filter((k) => k !== 'apiVersion' && k !== 'kind');
          const special = opts.hint?.(child, key);
          // A file with thousands of unknown keys gets suggestions for the first ones only (each costs a scan of `known`).
          const guess = opts.report.issues.length < MAX_SUGGESTIONS ? closest(key, known) : undefined;
          const listed = known.length <= MAX_LISTED_FIELDS ? `known fields here: ${known.join(', ')}` : 'no such field here (check the spelling and the apiVersion)';
          const tail = special ?? (guess ? `did you mean "${guess}"?` : listed);
          opts.report.add(child, `unknown field ${JSON.stringify(key)}; ${tail}`);
          continue;
        }
        const checked = checkSchema(v, fieldSchema, child, opts);
        if (checked !== undefined) out[key] = checked;
      }
      return out;
    }
  }
}

/** Whether `path` (kind-less, e.g. `networking.podSubnet`) names a field of `schema`. */
export function schemaHas(schema: Schema, path: readonly string[]): boolean {
  let s: Schema | undefined = schema;
  for (const seg of path) {
    while (s && s.type === 'list') s = s.items;
    if (!s) return false;
    if (s.type === 'object') s = Object.hasOwn(s.fields, seg) ? s.fields[seg] : undefined;
    else if (s.type === 'map') s = s.values;
    else return false;
  }
  return s !== undefined;
}
