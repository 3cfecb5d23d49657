/** kubeadm's closing lines of a reset: what it did not clean, and how to. */
import { join } from 'node:path';
import type { RunContext } from '../workflow/context.js';

export async function resetSummary(ctx: RunContext): Promise<string | undefined> {
  if (ctx.dryRun) return undefined;
  const tmp = join(ctx.paths.kubernetesDir, 'tmp');
  const tmpKept = !ctx.flags.cleanupTmpDir && (await ctx.fs.exists(tmp));
  return [
    'The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d',
    '',
    'The reset process does not reset or clean up iptables rules or IPVS tables.',
    'If you wish to reset iptables, you must do so manually by using the "iptables" command.',
    '',
    'If your cluster was setup to utilize IPVS, run ipvsadm --clear (or similar)',
    "to reset your system's IPVS tables.",
    '',
    'The reset process does not clean your kubeconfig files and you must remove them manually.',
    'Please, check the contents of the $HOME/.kube/config file.',
    ...(tmpKept ? ['', `The reset process does not clean ${tmp} (backups of replaced files): pass --cleanup-tmp-dir to remove them.`] : []),
  ].join('\n');
}
