/**
 * Merging component arguments (fast-check): user extraArgs replace every default of their name,
 * nothing else is lost or invented, and the order is kubeadm's (all sorted by name then value, or,
 * from v1.35.1, the defaults sorted and the extraArgs as given); get/set act on the last of a name.
 */
import test from 'ava';
import fc from 'fast-check';
import { argumentsToCommand, getArgValue, setArgValue } from '../../../src/config/args.js';
import type { Arg } from '../../../src/config/types.js';

// Few names, so that defaults and overrides collide often; values may hold '=' and spaces.
const name = fc.constantFrom('a', 'b', 'bind-address', 'v', 'feature-gates', 'service-account-issuer', 'Z', 'é');
const arg = fc.record({ name, value: fc.string({ maxLength: 8 }) });
const args = fc.array(arg, { maxLength: 12 });

const flag = (a: Arg): string => `--${a.name}=${a.value}`;
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const sortedByNameThenValue = (list: readonly Arg[]): boolean =>
  list.every((a, i) => i === 0 || Buffer.compare(bytes(list[i - 1]!.name), bytes(a.name)) < 0 || (list[i - 1]!.name === a.name && Buffer.compare(bytes(list[i - 1]!.value), bytes(a.value)) <= 0));

test('every override is kept, no default of an overridden name survives, every other default is kept', (t) => {
  fc.assert(
    fc.property(args, args, fc.boolean(), (defaults, overrides, keepOrder) => {
      const out = argumentsToCommand(defaults, overrides, keepOrder);
      const names = new Set(overrides.map((a) => a.name));
      const expected = [...overrides, ...defaults.filter((a) => !names.has(a.name))].map(flag).sort();
      return JSON.stringify([...out].sort()) === JSON.stringify(expected);
    }),
  );
  t.pass();
});

test('without keepOverrideOrder everything is sorted by name, then value, in byte order', (t) => {
  fc.assert(
    fc.property(args, args, (defaults, overrides) => {
      const names = new Set(overrides.map((a) => a.name));
      const merged = [...overrides, ...defaults.filter((a) => !names.has(a.name))];
      const out = argumentsToCommand(defaults, overrides);
      const parsed = out.map((f) => merged.find((a) => flag(a) === f)!);
      return parsed.every(Boolean) && sortedByNameThenValue(parsed);
    }),
  );
  t.pass();
});

test('with keepOverrideOrder the sorted defaults come first and the overrides follow exactly as given', (t) => {
  fc.assert(
    fc.property(args, args, (defaults, overrides) => {
      const out = argumentsToCommand(defaults, overrides, true);
      const tail = out.slice(out.length - overrides.length);
      const head = out.slice(0, out.length - overrides.length);
      const names = new Set(overrides.map((a) => a.name));
      const kept = defaults.filter((a) => !names.has(a.name));
      const headArgs = head.map((f) => kept.find((a) => flag(a) === f)!);
      return JSON.stringify(tail) === JSON.stringify(overrides.map(flag)) && headArgs.every(Boolean) && sortedByNameThenValue(headArgs);
    }),
  );
  t.pass();
});

test('setArgValue then getArgValue gives the value; only the last of that name changes, or one is appended', (t) => {
  fc.assert(
    fc.property(args, name, fc.string({ maxLength: 8 }), (list, n, value) => {
      const out = setArgValue(list, n, value);
      if (getArgValue(out, n) !== value) return false;
      const last = list.map((a) => a.name).lastIndexOf(n);
      if (last === -1) return out.length === list.length + 1 && JSON.stringify(out.slice(0, -1)) === JSON.stringify(list);
      return out.length === list.length && out.every((a, i) => (i === last ? a.value === value : a.value === list[i]!.value && a.name === list[i]!.name));
    }),
  );
  t.pass();
});

test('setArgValue never changes its input', (t) => {
  fc.assert(
    fc.property(args, name, fc.string({ maxLength: 8 }), (list, n, value) => {
      const before = JSON.stringify(list);
      setArgValue(list, n, value);
      return JSON.stringify(list) === before;
    }),
  );
  t.pass();
});
