/**
 * The flags each command other than `init` takes, registered where the command is built, so an
 * unknown flag is reported by name with the flags the command does take (as `init phase …` does).
 */
import { FLAGS, type FlagKey } from '../config/flags/table.js';
import { UsageError } from '../errors.js';
import { flagNames, yargsOptions } from './options.js';

const COMMAND_FLAGS = new Map<string, readonly FlagKey[]>();

/** The yargs options of a command (not inherited by its subcommands), remembered for flag errors. */
export function commandOptions(path: string, keys: readonly FlagKey[], describe: Partial<Record<FlagKey, string>> = {}) {
  COMMAND_FLAGS.set(path, keys);
  return Object.fromEntries(
    Object.entries(yargsOptions(keys)).map(([name, o]) => {
      const key = keys.find((k) => FLAGS[k].name === name)!;
      // One value per occurrence, as kubeadm's list flags take them (repeat the flag or use commas):
      // an array option would swallow the positional arguments that follow it.
      const { array: _array, ...single } = o;
      return [name, { ...single, global: false, ...(describe[key] ? { describe: describe[key] } : {}) }];
    }),
  );
}

const dashed = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);

/**
 * A flag the chosen command does not take, as a usage error naming it and listing the ones it
 * takes; `undefined` when the command is not registered or every flag is known.
 */
export function unknownCommandFlag(argv: readonly string[]): UsageError | undefined {
  const words: string[] = [];
  for (const w of argv) {
    if (w.startsWith('-')) break;
    words.push(w);
  }
  let path: string | undefined;
  for (let n = words.length; n > 0 && path === undefined; n--) {
    const candidate = words.slice(0, n).join(' ');
    if (COMMAND_FLAGS.has(candidate)) path = candidate;
  }
  if (path === undefined) return undefined;
  const keys = COMMAND_FLAGS.get(path)!;
  const known = flagNames(keys);
  const given: string[] = [];
  for (const word of argv) {
    if (word === '--') break;
    const m = /^--?([^=]+)/.exec(word);
    if (m && !/^-\d/.test(word) && !known.has(m[1]!) && m[1] !== 'get-yargs-completions') given.push(dashed(m[1]!));
  }
  if (given.length === 0) return undefined;
  const command = `minikubeadm ${path}`;
  const takes = keys.length === 0 ? 'no flags' : [...new Set(keys)].map((k) => dashed(FLAGS[k].name)).join(', ');
  return new UsageError(`${[...new Set(given)].join(', ')}: not a flag of \`${command}\``, `\`${command}\` takes ${takes}; see \`${command} --help\``);
}
