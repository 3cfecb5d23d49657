/**
 * kubelet-finalize/enable-client-cert-rotation: once the kubelet has a rotating client certificate
 * (<kubelet-dir>/pki/kubelet-client-current.pem), point kubelet.conf's user at that file instead of
 * the embedded certificate, as kubeadm does. Without the file there is nothing to do.
 */
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { MinikubeadmError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { RunContext } from '../../workflow/context.js';

interface KubeconfigUsers {
  'current-context'?: string;
  contexts?: { name?: string; context?: { user?: string } }[];
  users?: { name?: string; user?: Record<string, unknown> }[];
}

/** kubelet.conf text pointing its current user at `pem`; `undefined` when it already does. */
export function pointAtRotatingCert(text: string, pem: string, source: string): string | undefined {
  const doc = (parse(text) ?? {}) as KubeconfigUsers;
  const userName = doc.contexts?.find((c) => c.name === doc['current-context'])?.context?.user;
  const entry = doc.users?.find((u) => u.name === userName);
  if (!entry) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${source}" has no user for its current context`, {
      hint: 'regenerate it with `minikubeadm init phase kubeconfig kubelet`',
    });
  }
  const user = entry.user ?? {};
  if (user['client-certificate'] === pem && user['client-key'] === pem && !user['client-certificate-data'] && !user['client-key-data']) return undefined;
  delete user['client-certificate-data'];
  delete user['client-key-data'];
  user['client-certificate'] = pem;
  user['client-key'] = pem;
  entry.user = user;
  return stringify(doc);
}

export async function enableClientCertRotation(ctx: RunContext, log: Logger): Promise<void> {
  const pem = join(ctx.paths.kubeletDir, 'pki', 'kubelet-client-current.pem');
  const kubeletConf = join(ctx.paths.kubeconfigDir, 'kubelet.conf');
  if (!(await ctx.fs.exists(pem))) {
    log.info(`Skipping: "${pem}" does not exist yet, so "${kubeletConf}" keeps its embedded client certificate`);
    return;
  }
  const text = await ctx.fs.readText(kubeletConf);
  if (text === undefined) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${kubeletConf}" does not exist`, { hint: 'create it with `minikubeadm init phase kubeconfig kubelet`' });
  }
  const updated = pointAtRotatingCert(text, pem, kubeletConf);
  if (updated === undefined) {
    log.debug(1, `"${kubeletConf}" already points to "${pem}"`);
    return;
  }
  log.info(`Updating "${kubeletConf}" to point to a rotatable kubelet client certificate and key`);
  await ctx.fs.write(kubeletConf, updated, { mode: 0o600, secret: true });
}
