/**
 * reset phase preflight: the directories reset would empty are checked (none may be a system
 * directory), then kubeadm's warning, the confirmation (on a terminal; --force skips it, and a
 * non-interactive run without --force is refused), and the root check.
 */
import { MinikubeadmError } from '../errors.js';
import type { RunContext } from '../workflow/context.js';
import { checkResetTargets, resetTargets } from './targets.js';

export async function resetPreflight(ctx: RunContext): Promise<void> {
  const reset = ctx.log.withPrefix('reset');
  await checkResetTargets(await resetTargets(ctx));
  reset.warn("Changes made to this host by 'minikubeadm init' or 'minikubeadm join' will be reverted.");
  if (!ctx.flags.force && !ctx.dryRun) {
    if (!ctx.prompt.interactive) {
      throw new MinikubeadmError('FLAG_INVALID', 'reset asks for confirmation, but stdin is not a terminal', {
        hint: 'run it on a terminal, or pass --force (-f) to reset without prompting (--dry-run shows what it would do)',
      });
    }
    const answer = (await ctx.prompt.ask('[reset] Are you sure you want to proceed? [y/N]: ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      throw new MinikubeadmError('USAGE', "won't proceed; the user didn't answer (Y|y) in order to continue", { hint: 'nothing was changed' });
    }
  }
  ctx.log.info('Running pre-flight checks');
  if (ctx.dryRun || ctx.host.uid() === 0) return;
  const ignored = ctx.flags.ignorePreflightErrors;
  if (ignored.includes('all') || ignored.includes('isprivilegeduser')) {
    ctx.log.warn('[WARNING IsPrivilegedUser]: user is not running as root');
    return;
  }
  throw new MinikubeadmError('PREFLIGHT_FAILED', '[preflight] Some fatal errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root', {
    hint: 'run reset as root (sudo), or --ignore-preflight-errors=IsPrivilegedUser to try anyway',
  });
}
