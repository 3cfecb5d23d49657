#!/usr/bin/env node
/** Entry point: the yargs command tree and the one top-level error handler. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from '../errors.js';
import { certsCommand } from './certs.js';
import { completionCommand } from './completion.js';
import { configCommand } from './config.js';
import { kubeconfigCommand } from './kubeconfig.js';
import { unknownCommandFlag } from './registry.js';
import { badBooleanValue } from './options.js';
import { reportError } from './report-error.js';
import { tokenCommand } from './token.js';
import { versionCommand } from './version.js';
import { initCommand, joinCommand, resetCommand, unknownPhase, unknownWorkflowFlag } from './workflow.js';

const COMMANDS = ['init', 'join', 'reset', 'token', 'certs', 'kubeconfig', 'config', 'version', 'completion'];

/** yargs' own failure text as a usage error that names the flag once, as typed. */
function usageError(msg: string, argv: readonly string[]): UsageError {
  const missing = /^Not enough arguments following: (.+)$/.exec(msg);
  if (missing) {
    const name = missing[1]!;
    return new UsageError(`flag needs an argument: ${name.length === 1 ? '-' : '--'}${name}`, 'give the flag a value, e.g. --config cluster.yaml');
  }
  if (/^Unknown arguments?:/.test(msg)) {
    if (argv[0] !== undefined && !argv[0].startsWith('-') && !COMMANDS.includes(argv[0])) {
      return new UsageError(`unknown command "${argv[0]}"`, `the commands are ${COMMANDS.join(', ')}; see \`minikubeadm --help\``);
    }
    return unknownWorkflowFlag(argv) ?? unknownCommandFlag(argv) ?? new UsageError(msg);
  }
  return new UsageError(msg);
}

/**
 * yargs lays out the whole help text of every command it runs, in case the handler shows it later
 * (usage.cacheHelpMessage). No handler here does, and for `init` that layout costs more than the
 * rest of the start-up, so it is skipped; `--help` and usage errors still render it when asked.
 */
function skipHelpCache(parser: unknown): void {
  const internal = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

export async function main(argv: string[]): Promise<number> {
  let parser = yargs(argv)
    .scriptName('minikubeadm')
    .usage('minikubeadm: easily bootstrap a secure Kubernetes cluster\n\nUsage: minikubeadm <command> [flags]')
    .parserConfiguration({ 'camel-case-expansion': false })
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.max(100, Math.min(120, process.stdout.columns || 100)))
    .showHelpOnFail(false)
    .fail((msg, err) => {
      // yargs' own parse errors arrive as YError; anything else was thrown by a handler.
      if (err && err.name !== 'YError') throw err;
      unknownPhase(argv);
      throw usageError(msg ?? err?.message ?? 'invalid command line', argv);
    });
  parser = initCommand(parser);
  parser = joinCommand(parser);
  parser = resetCommand(parser);
  parser = tokenCommand(parser);
  parser = certsCommand(parser);
  parser = kubeconfigCommand(parser);
  parser = configCommand(parser);
  parser = versionCommand(parser);
  parser = completionCommand(parser);
  skipHelpCache(parser);
  try {
    if (argv.length === 0) {
      parser.showHelp((text) => process.stdout.write(`${text}\n`));
      return 0;
    }
    const badBoolean = badBooleanValue(argv);
    if (badBoolean) throw badBoolean;
    await parser.demandCommand(1, 'name a command: see `minikubeadm --help`').parseAsync();
    return 0;
  } catch (e) {
    return reportError(e, argv);
  }
}

// `minikubeadm … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
