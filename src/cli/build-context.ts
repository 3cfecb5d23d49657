/** argv → validated config → resolved paths → the one RunContext. Nothing is touched before this succeeds. */
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { MinikubeadmError, isMinikubeadmError } from '../errors.js';
import { Fs } from '../host/fs.js';
import { resolvePaths } from '../config/paths.js';
import { Logger } from '../log.js';
import type { OutputFormat, RunContext } from '../workflow/context.js';
import { createContext } from '../workflow/context.js';
import { resolvePhase } from '../workflow/runner.js';
import { type ParsedArgs, configFlagsFrom, pathFlagsFrom, verbosityFrom } from './options.js';
import { checkPathFlags } from './path-flags.js';
import { type WorkflowName, phasesOf } from './phase-lists.js';

/** What is wrong with a phase name to skip, as the runner would say it (aliases and `/all` accepted). */
export function skipPhaseProblem(name: string, workflow: WorkflowName = 'init'): string | undefined {
  if (name.trim() === '') return undefined; // the runner ignores empty names too
  try {
    resolvePhase(phasesOf(workflow), name, workflow);
    return undefined;
  } catch (e) {
    if (!isMinikubeadmError(e)) throw e;
    return e.hint ? `${e.message}: ${e.hint}` : e.message;
  }
}

/** `--skip-phases` must name phases of the workflow: checked before the config is even read. */
export function checkSkipPhasesFlag(command: WorkflowName, names: readonly string[]): void {
  for (const name of names) {
    if (name.trim() === '') continue;
    try {
      resolvePhase(phasesOf(command), name, command);
    } catch (e) {
      if (!isMinikubeadmError(e)) throw e;
      throw new MinikubeadmError(e.code, `--skip-phases: ${e.message}`, { hint: e.hint, cause: e });
    }
  }
}

export async function buildContext(command: WorkflowName, args: ParsedArgs): Promise<RunContext> {
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
    // InitConfiguration/JoinConfiguration.skipPhases are reported with the other config problems, with their lines.
    ...(command === 'reset' ? {} : { checkSkipPhase: skipPhaseProblem }),
  });
  const dryRun = Boolean(args['dry-run']) || (command === 'init' ? config.init.dryRun : command === 'join' ? (config.join?.dryRun ?? false) : false);
  const paths = resolvePaths(config, pathFlags);
  const fs = new Fs({ dryRun, log: log.withPrefix('dryrun'), roots: [paths.kubernetesDir, paths.certificatesDir, paths.kubeconfigDir, paths.manifestsDir, paths.kubeletDir] });
  // A directory linked out of the tree stops init or join before its first write, not halfway.
  if (command !== 'reset') await fs.checkConfinedDirs([join(paths.certificatesDir, 'etcd'), paths.manifestsDir, paths.kubeconfigDir, join(paths.kubeletDir, 'pki')]);
  const nodeIgnores = command === 'join' ? (config.join?.nodeRegistration.ignorePreflightErrors ?? []) : config.init.nodeRegistration.ignorePreflightErrors;
  return createContext({
    command,
    config,
    paths,
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
      fixPermissions: Boolean(args['fix-permissions']),
    },
  });
}
