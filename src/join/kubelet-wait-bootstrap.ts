/**
 * join phase kubelet-wait-bootstrap: the kubelet's healthz, then its TLS bootstrap: the kubelet
 * sends a CSR with bootstrap-kubelet.conf, the controller-manager approves and signs it, and the
 * kubelet writes kubelet.conf. Polled every second within timeouts.tlsBootstrap; a timeout prints
 * kubeadm's troubleshooting text. bootstrap-kubelet.conf (the bootstrap token) is removed when the
 * phase ends, as kubeadm does. Then the Node gets its CRI socket annotation, with kubelet.conf.
 */
import { kubeconfigPath } from '../config/paths.js';
import { MinikubeadmError, messageOf } from '../errors.js';
import { waitForHealthyKubelet } from '../init/wait-kubelet.js';
import { clientFromKubeconfig } from '../kube/client/client.js';
import { criSocketChange, patchNode } from '../kube/objects/node.js';
import { usesNodeLocalCRISocket } from '../kubelet/instance-config.js';
import { connectionOf, readKubeconfig } from '../kubeconfig/kubeconfig.js';
import { formatElapsed, waitFor } from '../wait.js';
import type { RunContext } from '../workflow/context.js';
import { joinedContext } from './node.js';

const TLS_BOOTSTRAP_RETRY_MS = 1_000;

const TROUBLESHOOTING = `Unfortunately, an error has occurred:
\t%ERROR%

This error is likely caused by:
\t- The kubelet is not running
\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)

If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:
\t- 'systemctl status kubelet'
\t- 'journalctl -xeu kubelet'`;

export async function kubeletWaitBootstrap(ctx: RunContext): Promise<void> {
  const node = await joinedContext(ctx);
  const { log, paths } = node;
  const kubeletConf = kubeconfigPath(paths, 'kubelet');
  const bootstrapConf = kubeconfigPath(paths, 'bootstrapKubelet');
  if (ctx.dryRun) {
    log.info('Would wait for the kubelet to perform the TLS Bootstrap');
    return;
  }
  try {
    try {
      await waitForHealthyKubelet(node);
      log.info('Waiting for the kubelet to perform the TLS Bootstrap');
      const timeout = node.config.init.timeouts.tlsBootstrap.ms;
      await waitFor(
        async () => {
          if (!(await ctx.fs.exists(kubeletConf))) return undefined;
          // A clientset can be built: the file and the credentials it names are all there.
          await connectionOf(await readKubeconfig(ctx.fs, kubeletConf, 'kubelet-wait-bootstrap'), kubeletConf, (p) => ctx.fs.readText(p));
          return true;
        },
        {
          timeoutMs: timeout,
          intervalMs: TLS_BOOTSTRAP_RETRY_MS,
          what: `the kubelet to perform the TLS Bootstrap (write ${kubeletConf})`,
          hint: `the kubelet sends a CSR with ${bootstrapConf}: check that it runs, that the token is valid (\`minikubeadm token list\` on a control-plane node) and that the controller-manager approves CSRs (\`kubectl get csr\`); waited ${formatElapsed(timeout)} (timeouts.tlsBootstrap)`,
        },
      );
    } catch (e) {
      if (e instanceof MinikubeadmError) log.print(TROUBLESHOOTING.replace('%ERROR%', messageOf(e)));
      throw e;
    }
  } finally {
    await ctx.fs.remove(bootstrapConf).catch((e: unknown) => log.warn(`could not remove ${bootstrapConf}: ${messageOf(e)}`));
  }

  const { name, criSocket } = node.config.init.nodeRegistration;
  if (!criSocket || usesNodeLocalCRISocket(node.config.cluster)) return;
  log.debug(1, '[kubelet-start] preserving the crisocket information for the node');
  const client = await clientFromKubeconfig(kubeletConf, ctx.fs);
  try {
    await patchNode(client, name, (n) => criSocketChange(n, criSocket), node.config.init.timeouts.kubernetesAPICall.ms);
  } catch (e) {
    throw new MinikubeadmError('API_ERROR', `error writing CRISocket for this node: ${messageOf(e)}`, { cause: e, hint: 'check that the Node registered (`kubectl get nodes`) and re-run `minikubeadm join phase kubelet-wait-bootstrap`' });
  } finally {
    client.close();
  }
}
