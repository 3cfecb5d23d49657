/** init phase upload-certs: without --upload-certs there is nothing to do. */
import type { RunContext } from '../workflow/context.js';

export async function uploadCerts(ctx: RunContext): Promise<void> {
  ctx.log.info('Skipping phase. Please see --upload-certs');
}
