/** Shared by the certs phase tests: a pinned clock and a run of the certs phase over a directory. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certsPhase } from '../../../../phases/init/certs.js';
import type { Config } from '../../../../src/config/types.js';
import { parseCertificatePem } from '../../../../src/pki/x509-read.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { type DeepPartial, testContext } from '../../../helpers/config.js';

export const NOW = new Date('2030-01-01T00:00:00Z');
export const YEAR = 8760 * 3_600_000;
export const at = (d: Date) => () => d;

export async function certs(dir: string, options: { patch?: DeepPartial<Config>; now?: Date; only?: string; dryRun?: boolean } = {}) {
  const tc = await testContext(options.patch ?? {}, { dir, now: at(options.now ?? NOW), dryRun: options.dryRun });
  await runPhases([certsPhase], tc.ctx, { only: options.only });
  return tc;
}

export const read = (dir: string, base: string) => readFile(join(dir, 'pki', `${base}.crt`), 'utf8').then((pem) => parseCertificatePem(pem, base));

export const pki = (dir: string, file: string) => join(dir, 'pki', file);
