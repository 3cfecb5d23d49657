/**
 * join phase etcd-join: a control plane with stacked etcd becomes an etcd member. The members are
 * found through the etcd static Pods (admin.conf), this node is added as a learner, its etcd
 * manifest is written with the full initial cluster and `--initial-cluster-state=existing`, the
 * learner is promoted once it is in sync, and the phase waits until the cluster has quorum. A run
 * again finds its own member and does not add another.
 */
import { join } from 'node:path';
import { EtcdClient } from '../etcd/client.js';
import { etcdEndpoints, etcdPeerURL, joinMember } from '../etcd/members.js';
import { MinikubeadmError } from '../errors.js';
import { ETCD_DATA_DIR_MODE, initManifestInputs, renderStaticPod, writeManifest } from '../manifests/render.js';
import { templateOptions } from '../render/templates.js';
import type { RunContext } from '../workflow/context.js';
import { isControlPlane, joinedContext } from './node.js';

export async function etcdJoin(ctx: RunContext): Promise<void> {
  if (!isControlPlane(ctx)) return;
  const node = await joinedContext(ctx);
  const { log, config, paths } = node;
  if (config.cluster.etcd.external) {
    log.withPrefix('control-plane-join').info('Using external etcd - no local stacked instance added');
    return;
  }
  const { etcdPod } = await import('../manifests/etcd.js');
  const inputs = await initManifestInputs(config, paths, { exists: (p) => ctx.fs.exists(p), env: ctx.host.env });
  const nodeName = config.init.nodeRegistration.name;
  const address = config.init.localAPIEndpoint.advertiseAddress;
  if (ctx.dryRun) {
    log.withPrefix('control-plane-join').info(`Would ensure that "${paths.etcdDataDir}" directory is present`);
    log.info(`Would add etcd member: ${etcdPeerURL(address)}`);
    // The manifest as it would be written, with this node as the one member known here.
    await writeManifest(ctx.fs, paths, 'etcd', await renderStaticPod(etcdPod(inputs, [{ name: nodeName, peerURL: etcdPeerURL(address) }]), templateOptions(paths, ctx.fs), log), log);
    return;
  }
  await ctx.fs.mkdir(paths.etcdDataDir, ETCD_DATA_DIR_MODE);
  const pki = (f: string): string => join(paths.certificatesDir, f);
  const [ca, cert, key] = await Promise.all(['etcd/ca.crt', 'etcd/healthcheck-client.crt', 'etcd/healthcheck-client.key'].map((f) => ctx.fs.read(pki(f))));
  if (!ca || !cert || !key) {
    throw new MinikubeadmError('PKI_MISSING', `the etcd client certificate is missing (${pki('etcd/ca.crt')}, ${pki('etcd/healthcheck-client.crt')} and its key are needed)`, {
      hint: 'run `minikubeadm join phase control-plane-prepare` first (it writes them)',
    });
  }
  const api = await ctx.cluster();
  const endpoints = await etcdEndpoints(api, config.init.timeouts.kubernetesAPICall.ms, log);
  const etcd = new EtcdClient(endpoints, { ca, cert, key });
  try {
    await joinMember({
      client: etcd,
      nodeName,
      address,
      timeoutMs: config.init.timeouts.etcdAPICall.ms,
      log,
      writeManifest: async (initialCluster) => {
        // Rendered and checked before it is written, so a bad template leaves the member unstarted (and removed again).
        const rendered = await renderStaticPod(etcdPod(inputs, initialCluster), templateOptions(paths, ctx.fs), log);
        await writeManifest(ctx.fs, paths, 'etcd', rendered, log);
      },
    });
  } finally {
    etcd.close();
  }
}
