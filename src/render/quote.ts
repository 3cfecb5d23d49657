/**
 * The helpers templates use to emit config values. Every scalar from the config goes through one of
 * them, so no value can add YAML structure: `q` emits a one-line double-quoted scalar, `int` an
 * integer, `json` a flow collection (for fields that are structured by nature, e.g. env valueFrom).
 */
import { escapeYaml11Breaks, quoteScalar } from '../yaml.js';

/** `value` as a double-quoted YAML scalar on one line. Strings, numbers and booleans only. */
export function yamlQuote(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Error(`q expects a string, number or boolean, got ${describe(value)}`);
  }
  return quoteScalar(value);
}

/** An integer, as a plain YAML scalar. */
export function yamlInt(value: unknown): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new Error(`int expects an integer, got ${describe(value)}`);
  }
  return String(value);
}

/** An object or array as a JSON flow collection (JSON is YAML); strings inside stay quoted. */
export function yamlJson(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    throw new Error(`json expects a JSON value, got ${describe(value)}`);
  }
  return escapeYaml11Breaks(JSON.stringify(value));
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (a missing field?)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
