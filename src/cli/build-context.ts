/** argv → validated config → resolved paths → the one RunContext. Nothing is touched before this succeeds. */
import { initPhases } from '../../phases/init/index.js';
import { resetPhases } from '../../phases/reset/index.js';
import { loadConfig } from '../config/index.js';
import { MinikubeadmError, isMinikubeadmError } from '../errors.js';
import { Fs } from '../host/fs.js';
import { resolvePaths } from '../config/paths.js';
import { Logger } from '../log.js';
import type { OutputFormat, RunContext, Workflow } from '../workflow/context.js';
import { createContext } from '../workflow/context.js';
import { resolvePhase } from '../workflow/runner.js';
import { type ParsedArgs, configFlagsFrom, pathFlagsFrom, verbosityFrom } from './options.js';
import { checkPathFlags } from './path-flags.js';

/** What is wrong with a phase name to skip, as the runner would say it (aliases and `/all` accepted). */
export function skipPhaseProblem(name: string): string | undefined {
  if (name.trim() === '') return undefined; // the runner ignores empty names too
  try {
    resolvePhase(initPhases, name, 'init');
    return undefined;
  } catch (e) {
    if (!isMinikubeadmError(e)) throw e;
    return e.hint ? `${e.message}: ${e.hint}` : e.message;
  }
}

/** `--skip-phases` must name phases of the workflow: checked before the config is even read. */
export function checkSkipPhasesFlag(command: Workflow, names: readonly string[]): void {
  if (command === 'join') return; // join has no phase list to check against yet
  const phases = command === 'reset' ? resetPhases : initPhases;
  for (const name of names) {
    if (name.trim() === '') continue;
    try {
      resolvePhase(phases, name, command);
    } catch (e) {
      if (!isMinikubeadmError(e)) throw e;
      throw new MinikubeadmError(e.code, `--skip-phases: ${e.message}`, { hint: e.hint, cause: e });
    }
  }
}

export async function buildContext(command: Workflow, args: ParsedArgs): Promise<RunContext> {
  const log = new Logger({ verbosity: verbosityFrom(args) });
  const flags = configFlagsFrom(args);
  const pathFlags = pathFlagsFrom(args);
  checkPathFlags(pathFlags);
  checkSkipPhasesFlag(command, flags.skipPhases ?? []);
  const config = await loadConfig({
    file: args['config'] === undefined ? undefined : String(args['config']),
    flags,
    kubernetesDir: pathFlags.kubernetesDir,
    // reset reads no configuration file: the defaults, the flags and what is on the node.
    command: command === 'reset' ? 'init' : command,
    // InitConfiguration.skipPhases is reported with the other config problems, with its line.
    ...(command === 'init' ? { checkSkipPhase: skipPhaseProblem } : {}),
  });
  const dryRun = Boolean(args['dry-run']) || (command === 'init' ? config.init.dryRun : command === 'join' ? (config.join?.dryRun ?? false) : false);
  const fs = new Fs({ dryRun, log: log.withPrefix('dryrun') });
  const nodeIgnores = command === 'join' ? (config.join?.nodeRegistration.ignorePreflightErrors ?? []) : config.init.nodeRegistration.ignorePreflightErrors;
  return createContext({
    command,
    config,
    paths: resolvePaths(config, pathFlags),
    log,
    fs,
    flags: {
      ignorePreflightErrors: [...new Set([...(flags.ignorePreflightErrors ?? []), ...nodeIgnores].map((s) => s.toLowerCase()))],
      uploadCerts: Boolean(args['upload-certs']),
      skipTokenPrint: Boolean(args['skip-token-print']),
      skipCertificateKeyPrint: Boolean(args['skip-certificate-key-print']),
      output: (args['output'] as OutputFormat | undefined) ?? 'text',
      force: Boolean(args['force']),
      cleanupTmpDir: Boolean(args['cleanup-tmp-dir']),
    },
  });
}
