/**
 * The yargs options of a command or phase, built from the one flag table (src/config/flags/table.ts),
 * and the parsed values mapped onto ConfigFlags and PathFlags.
 */
import type { Options } from 'yargs';
import { type ConfigFlags, FLAGS, type FlagKey, type FlagSpec } from '../config/flags/table.js';
import type { PathFlags } from '../config/paths.js';
import { MinikubeadmError, UsageError } from '../errors.js';

/** Flags every init and join phase takes: the config file, the roots of every path, dry-run, verbosity. */
export const GLOBAL_FLAGS: readonly FlagKey[] = ['config', 'kubernetesDir', 'kubeletDir', 'dryRun', 'v'];

/** The name of join's positional argument. */
export const JOIN_ENDPOINT_ARG = 'api-server-endpoint';

export interface ParsedArgs {
  [key: string]: unknown;
}

/** The yargs form of one flag. String and list flags need a value, as kubeadm's do. */
function yargsOption(spec: FlagSpec): Options {
  const option: Options = { describe: spec.describe, type: spec.type === 'list' ? 'string' : spec.type };
  if (spec.type === 'list') option.array = true;
  if (spec.type !== 'boolean') option.requiresArg = true;
  if (spec.default !== undefined) option.default = spec.default;
  if (spec.alias !== undefined) option.alias = spec.alias;
  if (spec.choices !== undefined) option.choices = [...spec.choices];
  return option;
}

/** The options of these flags, by name. */
export function yargsOptions(keys: readonly FlagKey[]): Record<string, Options> {
  return Object.fromEntries([...new Set(keys)].map((k) => [FLAGS[k].name, yargsOption(FLAGS[k])]));
}

/** Every name a flag answers to on the command line (`--output`, `-o`). */
export function flagNames(keys: readonly FlagKey[]): Set<string> {
  const names = new Set<string>(['help', 'h']);
  for (const k of keys) {
    const spec: FlagSpec = FLAGS[k];
    names.add(spec.name);
    if (spec.alias) names.add(spec.alias);
  }
  return names;
}

export const splitList = (v: unknown): string[] | undefined => {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','));
  return items.map((s) => s.trim()).filter((s) => s !== '');
};

/** A single-valued flag; given twice, the last value wins (as with kubeadm's flags). */
const str = (v: unknown): string | undefined => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined || last === null ? undefined : String(last);
};

/** `-v`/`--verbosity` as a log level: a whole number, or FLAG_INVALID naming the flag and echoing the value. */
export function verbosityFrom(a: ParsedArgs): number {
  const text = str(a['v']) ?? '0';
  if (/^\d{1,3}$/.test(text.trim())) return Number(text.trim());
  throw new MinikubeadmError('FLAG_INVALID', `-v: ${JSON.stringify(text)} is not a log level: use a whole number (0 = normal output, 5 adds stack traces, 10 is the most detail)`, {
    hint: 'pass e.g. -v 5, or leave -v out',
  });
}

/** The values of the flags that reach the config pipeline, as typed. */
export function configFlagsFrom(a: ParsedArgs): ConfigFlags {
  const flags: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(FLAGS) as [FlagKey, FlagSpec][]) {
    if (!spec.config) continue;
    const raw = a[spec.name];
    if (raw === undefined) continue;
    flags[key] = spec.type === 'list' ? splitList(raw) : spec.type === 'boolean' ? Boolean(raw) : str(raw);
  }
  // `join <api-server-endpoint>`: the positional argument.
  const endpoint = str(a[JOIN_ENDPOINT_ARG]);
  if (endpoint !== undefined) flags['apiServerEndpoint'] = endpoint;
  return flags as ConfigFlags;
}

export function pathFlagsFrom(a: ParsedArgs): PathFlags {
  return {
    kubernetesDir: str(a[FLAGS.kubernetesDir.name]),
    kubeletDir: str(a[FLAGS.kubeletDir.name]),
    kubeconfigDir: str(a[FLAGS.kubeconfigDir.name]),
    templatesDir: str(a[FLAGS.templatesDir.name]),
  };
}

/**
 * `--flag=value` on a boolean flag of the table with a value that is not true or false (yargs would
 * quietly read `--dry-run=garbage` as false and run for real), as kubeadm's flag parser refuses it.
 */
export function badBooleanValue(argv: readonly string[]): UsageError | undefined {
  const booleans = new Set<string>(Object.values(FLAGS).filter((f) => f.type === 'boolean').map((f) => f.name));
  for (const arg of argv) {
    if (arg === '--') break;
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (!m || !booleans.has(m[1]!) || m[2] === 'true' || m[2] === 'false') continue;
    return new UsageError(`invalid argument ${JSON.stringify(m[2])} for "--${m[1]}" flag: it takes no value, or =true or =false`, `write --${m[1]} alone to turn it on`);
  }
  return undefined;
}
