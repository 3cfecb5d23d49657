#!/usr/bin/env node
/** Entry point: the yargs command tree and the one top-level error handler. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { configCommand } from './config.js';
import { reportError } from './report-error.js';
import { initCommand, unknownPhase } from './init.js';
import { versionCommand } from './version.js';

export async function main(argv: string[]): Promise<number> {
  let parser = yargs(argv)
    .scriptName('minikubeadm')
    .usage('minikubeadm: easily bootstrap a secure Kubernetes cluster\n\nUsage: $0 <command> [flags]')
    .strict()
    .demandCommand(1, 'name a command: see `minikubeadm --help`')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.max(100, Math.min(120, process.stdout.columns || 100)))
    .fail((msg, err) => {
      if (err) throw err;
      unknownPhase(argv);
      throw new UsageError(msg);
    });
  parser = initCommand(parser);
  parser = configCommand(parser);
  parser = versionCommand(parser);
  try {
    await parser.parseAsync();
    return 0;
  } catch (e) {
    return reportError(e, argv);
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
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
