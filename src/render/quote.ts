/**
 * The helpers templates use to emit config values. Every scalar from the config goes through one of
 * them, so no value can add YAML structure: `q` emits a one-line double-quoted scalar, `int` an
 * integer, `json` a flow collection (for fields that are structured by nature, e.g. env valueFrom).
 */
import { Scalar, stringify } from 'yaml';

/**
 * Characters a YAML 1.1 reader (the kubelet's) treats as line breaks or markers even inside quotes;
 * they are written as escapes so every reader sees the same string.
 */
const YAML11_BREAKS = /[\u0085\u2028\u2029\ufeff]/g;

export function escapeYaml11Breaks(text: string): string {
  return text.replace(YAML11_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `value` as a double-quoted YAML scalar on one line. Strings, numbers and booleans only. */
export function yamlQuote(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new Error(`q expects a string, number or boolean, got ${describe(value)}`);
  }
  const node = new Scalar(String(value));
  node.type = 'QUOTE_DOUBLE';
  const text = stringify(node, {
    lineWidth: 0,
    doubleQuotedAsJSON: true,
    doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  }).replace(/\n$/, '');
  return escapeYaml11Breaks(text);
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
