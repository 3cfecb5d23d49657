/**
 * The start of the `certs` phase: name the directory and start generating every key the phase
 * will need, all at once on the thread pool, before the certificate code is even loaded. Imports
 * nothing heavy.
 */
import type { Logger } from '../log.js';
import type { RunContext } from '../workflow/context.js';
import { certificatesFor } from './certlist.js';
import { keyPoolOf, keySpecFor } from './keys.js';
import { certKeyPaths, serviceAccountKeyPaths } from './paths.js';

/** How many new keys the whole `certs` phase will need: the pairs absent from disk. */
export async function missingKeyCount(ctx: RunContext): Promise<number> {
  const dir = ctx.paths.certificatesDir;
  const absent = async (...paths: string[]): Promise<boolean> => !(await Promise.all(paths.map((p) => ctx.fs.exists(p)))).some(Boolean);
  const checks = certificatesFor(ctx.config).map((spec) => {
    const p = certKeyPaths(dir, spec.baseName);
    return absent(p.cert, p.key);
  });
  const sa = serviceAccountKeyPaths(dir);
  checks.push(absent(sa.key, sa.pub));
  return (await Promise.all(checks)).filter(Boolean).length;
}

/** `certs` itself. An unsupported key type stops here, before any file is written. */
export async function prepareCerts(ctx: RunContext, log: Logger): Promise<void> {
  log.info(`Using certificateDir folder "${ctx.paths.certificatesDir}"`);
  const count = await missingKeyCount(ctx);
  if (count > 0) keyPoolOf(ctx).prefetch(keySpecFor(ctx.config.cluster.encryptionAlgorithm), count);
}
