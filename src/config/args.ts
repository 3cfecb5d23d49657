/**
 * Command-line arguments of control-plane components, kubeadm's way (util/arguments.go): a list of
 * `{name, value}` where user extraArgs replace every default of the same name, sorted by name then
 * value (byte order, like Go), or from v1.35.1 on defaults sorted and extraArgs in the order given;
 * each written as `--name=value` after the binary name.
 */
import type { Arg } from './types.js';

const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const byNameThenValue = (a: Arg, b: Arg): number => byteCompare(a.name, b.name) || byteCompare(a.value, b.value);

/**
 * The flags of a command: `overrides` win over `defaults` by name. Everything is sorted by name,
 * then value; with `keepOverrideOrder` (kubeadm v1.35.1+) only the defaults are sorted and the
 * overrides follow in the order given, for flags whose order matters (--service-account-issuer).
 */
export function argumentsToCommand(defaults: readonly Arg[], overrides: readonly Arg[], keepOverrideOrder = false): string[] {
  const overridden = new Set(overrides.map((a) => a.name));
  const kept = defaults.filter((a) => !overridden.has(a.name));
  const args = keepOverrideOrder ? [...kept.sort(byNameThenValue), ...overrides] : [...overrides, ...kept].sort(byNameThenValue);
  return args.map((a) => `--${a.name}=${a.value}`);
}

/** Value of the last argument called `name` (kubeadm's GetArgValue searching from the end). */
export function getArgValue(args: readonly Arg[], name: string): string | undefined {
  for (let i = args.length - 1; i >= 0; i--) if (args[i]!.name === name) return args[i]!.value;
  return undefined;
}

/**
 * A copy of `args` with the last argument called `name` set to `value`, or with it appended when
 * there is none (kubeadm's SetArgValues with nArgs = 1).
 */
export function setArgValue(args: readonly Arg[], name: string, value: string): Arg[] {
  const out = args.map((a) => ({ ...a }));
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]!.name === name) {
      out[i]!.value = value;
      return out;
    }
  }
  out.push({ name, value });
  return out;
}

/** `binary` followed by its merged flags. */
export function command(binary: string, defaults: readonly Arg[], overrides: readonly Arg[], keepOverrideOrder = false): string[] {
  return [binary, ...argumentsToCommand(defaults, overrides, keepOverrideOrder)];
}
