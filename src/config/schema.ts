/**
 * A small declarative schema for kubeadm's documents: which fields exist and what type each has.
 * Checking collects every unknown field and wrong type with its full path, and returns the value
 * with `null`s dropped (YAML `field:` and `field: null` mean "not set", as in kubeadm).
 */
import type { Reporter } from './report.js';

export type Schema =
  | { readonly type: 'string' | 'boolean' | 'integer' | 'any' }
  | { readonly type: 'list'; readonly items: Schema }
  | { readonly type: 'map'; readonly values: Schema }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Schema>> };

export const str: Schema = { type: 'string' };
export const bool: Schema = { type: 'boolean' };
export const int: Schema = { type: 'integer' };
export const any: Schema = { type: 'any' };
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

const WANTED: Record<string, string> = {
  string: 'a string (quote values such as "1.30" or "true")',
  boolean: 'true or false',
  integer: 'a whole number',
  list: 'a list',
  map: 'a mapping',
  object: 'a mapping',
};

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
        if (schema.type === 'map') {
          if (v === null) continue;
          out[key] = checkSchema(v, schema.values, child, opts);
          continue;
        }
        const fieldSchema = schema.fields[key];
        if (!fieldSchema) {
          const known = Object.keys(schema.fields).filter((k) => k !== 'apiVersion' && k !== 'kind');
          const special = opts.hint?.(child, key);
          const guess = closest(key, known);
          const tail = special ?? (guess ? `did you mean "${guess}"?` : `known fields here: ${known.join(', ')}`);
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
    if (s.type === 'object') s = s.fields[seg];
    else if (s.type === 'map') s = s.values;
    else return false;
  }
  return s !== undefined;
}
