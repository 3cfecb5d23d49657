/** argv → validated config → resolved paths → the one RunContext. Nothing is touched before this succeeds. */
import { loadConfig } from '../config/index.js';
import { Fs } from '../host/fs.js';
import { resolvePaths } from '../host/paths.js';
import { Logger } from '../log.js';
import type { OutputFormat, RunContext } from '../workflow/context.js';
import { createContext } from '../workflow/context.js';
import { type ParsedArgs, configFlagsFrom, pathFlagsFrom } from './options.js';

export async function buildContext(command: 'init' | 'join', args: ParsedArgs): Promise<RunContext> {
  const log = new Logger({ verbosity: Number(args['v'] ?? 0) || 0 });
  const flags = configFlagsFrom(args);
  const pathFlags = pathFlagsFrom(args);
  const config = await loadConfig({
    file: args['config'] === undefined ? undefined : String(args['config']),
    flags,
    kubernetesDir: pathFlags.kubernetesDir,
    command,
  });
  const dryRun = Boolean(args['dry-run']) || (command === 'init' ? config.init.dryRun : (config.join?.dryRun ?? false));
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
    },
  });
}
