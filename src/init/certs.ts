/**
 * init phase certs: the certificate directory named once, every key the phase will need started at
 * once on the thread pool (before the certificate code is even loaded), then one sub-phase per
 * certificate of the table and the service account key pair.
 */
import type { CertSpec } from '../pki/certlist.js';
import type { PkiInputs } from '../pki/ensure.js';
import { keySpecFor } from '../pki/algorithms.js';
import type { RunContext } from '../workflow/context.js';

const inputs = (ctx: RunContext): PkiInputs => ({
  fs: ctx.fs,
  config: ctx.config,
  certificatesDir: ctx.paths.certificatesDir,
  keys: ctx.keys,
  now: ctx.now(),
  log: ctx.log,
  fixModes: ctx.flags.fixPermissions,
});

/** `certs` itself. An unsupported key type stops here, before any file is written. */
export async function prepareCerts(ctx: RunContext): Promise<void> {
  ctx.log.info(`Using certificateDir folder "${ctx.paths.certificatesDir}"`);
  const { missingKeyPairs } = await import('../pki/ensure.js');
  const count = await missingKeyPairs(ctx.fs, ctx.config, ctx.paths.certificatesDir);
  if (count > 0) ctx.keys.prefetch(keySpecFor(ctx.config.cluster.encryptionAlgorithm), count);
}

/** `certs <name>`: the CA or certificate `spec` exists and is valid afterwards. */
export async function certificate(ctx: RunContext, spec: CertSpec): Promise<void> {
  const { ensureCertificate } = await import('../pki/ensure.js');
  await ensureCertificate(inputs(ctx), spec);
}

/** `certs sa`: the service account signing key (sa.key) and its public key (sa.pub). */
export async function serviceAccountKey(ctx: RunContext): Promise<void> {
  const { ensureServiceAccountKey } = await import('../pki/ensure.js');
  await ensureServiceAccountKey(inputs(ctx));
}
