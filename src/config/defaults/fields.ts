/** Typed reads of schema-checked raw documents: a value of the wrong type reads as absent. */
import { isAbsolute, resolve } from 'node:path';
import type { Raw } from '../convert.js';
import type { Arg } from '../types.js';

export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const rawAt = (o: Raw | undefined, key: string): Raw | undefined => (isRaw(o?.[key]) ? (o![key] as Raw) : undefined);
export const strAt = (o: Raw | undefined, key: string): string | undefined => (typeof o?.[key] === 'string' ? (o[key] as string) : undefined);
/** A string field where '' means "not set" (Go's zero value gets the default, as in kubeadm). */
export const setAt = (o: Raw | undefined, key: string): string | undefined => {
  const v = strAt(o, key);
  return v === '' ? undefined : v;
};
export const boolAt = (o: Raw | undefined, key: string): boolean | undefined => (typeof o?.[key] === 'boolean' ? (o[key] as boolean) : undefined);
export const numAt = (o: Raw | undefined, key: string): number | undefined => (typeof o?.[key] === 'number' ? (o[key] as number) : undefined);
export const listAt = (o: Raw | undefined, key: string): unknown[] | undefined => (Array.isArray(o?.[key]) ? (o![key] as unknown[]) : undefined);
export const strings = (o: Raw | undefined, key: string): string[] =>
  (listAt(o, key) ?? []).filter((s): s is string => typeof s === 'string');

/** Absolute form of a path ('' stays '' so validation can name it). */
export function absolute(path: string, cwd: string): string {
  return path === '' || isAbsolute(path) ? path : resolve(cwd, path);
}


/** An extraArgs-style list of `{name, value}`. */
export function args(o: Raw | undefined, key: string): Arg[] {
  return (listAt(o, key) ?? []).filter(isRaw).map((a) => ({ name: strAt(a, 'name') ?? '', value: strAt(a, 'value') ?? '' }));
}
