/**
 * The one typed context every phase receives. Built once from argv + config (after validation),
 * never mutated; shared state between phases (a generated token, an API client) goes through `memo`.
 */
import type { Config } from '../config/types.js';
import type { Fs } from '../host/fs.js';
import type { Paths } from '../host/paths.js';
import type { Logger } from '../log.js';

export type OutputFormat = 'text' | 'json' | 'yaml';

export interface RunFlags {
  /** `--ignore-preflight-errors` merged with nodeRegistration.ignorePreflightErrors, lower-cased. */
  ignorePreflightErrors: readonly string[];
  uploadCerts: boolean;
  skipTokenPrint: boolean;
  skipCertificateKeyPrint: boolean;
  output: OutputFormat;
}

export interface RunContext {
  readonly command: 'init' | 'join';
  readonly config: Config;
  readonly paths: Paths;
  readonly dryRun: boolean;
  readonly log: Logger;
  readonly fs: Fs;
  readonly flags: RunFlags;
  /** The clock; tests pin it. */
  readonly now: () => Date;
  /** Lazily built, shared values (one per key for the whole run). */
  memo<T>(key: string, make: () => T): T;
}

export interface ContextInit {
  command: 'init' | 'join';
  config: Config;
  paths: Paths;
  log: Logger;
  fs: Fs;
  flags?: Partial<RunFlags>;
  now?: () => Date;
}

export function createContext(init: ContextInit): RunContext {
  const cache = new Map<string, unknown>();
  return {
    command: init.command,
    config: init.config,
    paths: init.paths,
    dryRun: init.fs.dryRun,
    log: init.log,
    fs: init.fs,
    flags: {
      ignorePreflightErrors: init.flags?.ignorePreflightErrors ?? [],
      uploadCerts: init.flags?.uploadCerts ?? false,
      skipTokenPrint: init.flags?.skipTokenPrint ?? false,
      skipCertificateKeyPrint: init.flags?.skipCertificateKeyPrint ?? false,
      output: init.flags?.output ?? 'text',
    },
    now: init.now ?? (() => new Date()),
    memo<T>(key: string, make: () => T): T {
      if (!cache.has(key)) cache.set(key, make());
      return cache.get(key) as T;
    },
  };
}
