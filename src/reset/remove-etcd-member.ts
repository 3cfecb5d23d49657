/**
 * reset phase remove-etcd-member: for a node running stacked etcd (manifests/etcd.yaml), remove its
 * member from the etcd cluster, through the other members, with the etcd health-check client
 * certificate; the last member is left (there is no cluster to leave). When this node's own member
 * does not answer, the other members are found through the API server (admin.conf), as kubeadm does. A failure is a warning, as
 * in kubeadm. Then the contents of its data directory are deleted.
 */
import { EtcdClient, type EtcdMember, type EtcdTls, hexId } from '../etcd/client.js';
import { etcdEndpoints, removeMember } from '../etcd/members.js';
import { kubeconfigPath } from '../config/paths.js';
import { MinikubeadmError, messageOf } from '../errors.js';
import { emptyDir } from '../host/cleanup.js';
import type { Logger } from '../log.js';
import { certKeyPaths } from '../pki/paths.js';
import type { RunContext } from '../workflow/context.js';
import { checkResetTargets, resetTargets } from './targets.js';

/** The cluster's etcd client URLs from its etcd mirror Pods, asked through admin.conf (kubeadm's NewFromCluster). */
async function clusterEtcdEndpoints(ctx: RunContext, log: Logger): Promise<string[]> {
  const { clientFromKubeconfig } = await import('../kube/client/client.js');
  const client = await clientFromKubeconfig(kubeconfigPath(ctx.paths, 'admin'), ctx.fs, { requestTimeoutMs: 10_000, attempts: 2 });
  return etcdEndpoints(client, ctx.config.init.timeouts.etcdAPICall.ms, log);
}

/**
 * The cluster's members, from this node's own member first; when that one does not answer (its
 * etcd crashed or is stopped, a common reason for a reset), from the members the API server knows.
 */
async function clusterMembers(ctx: RunContext, clientURLs: readonly string[], tls: EtcdTls, log: Logger): Promise<EtcdMember[]> {
  const local = new EtcdClient(clientURLs, tls);
  try {
    return await local.members();
  } catch (localError) {
    if (!(localError instanceof MinikubeadmError)) throw localError;
    log.debug(1, `[etcd] this node's member did not answer (${localError.message}); asking the API server for the other members`);
    let urls: string[];
    try {
      urls = (await clusterEtcdEndpoints(ctx, log)).filter((u) => !clientURLs.includes(u));
    } catch (e) {
      throw new MinikubeadmError('API_ERROR', `${localError.message}\nand the API server did not name the other members: ${messageOf(e)}`, { hint: localError.hint, cause: e });
    }
    const others = new EtcdClient(urls, tls);
    try {
      return await others.members();
    } finally {
      others.close();
    }
  } finally {
    local.close();
  }
}

async function removeLocalMember(ctx: RunContext, peerURL: string, clientURLs: readonly string[], log: Logger): Promise<void> {
  const dir = ctx.paths.certificatesDir;
  const ca = certKeyPaths(dir, 'etcd/ca').cert;
  const client = certKeyPaths(dir, 'etcd/healthcheck-client');
  const [caPem, certPem, keyPem] = await Promise.all([ctx.fs.readText(ca), ctx.fs.readText(client.cert), ctx.fs.readText(client.key)]);
  if (caPem === undefined || certPem === undefined || keyPem === undefined) {
    throw new MinikubeadmError('PKI_MISSING', `the etcd client certificates (${ca}, ${client.cert}, ${client.key}) are not all there`, { hint: 'pass --cert-dir with the certificate directory of this node' });
  }
  const tls = { ca: caPem, cert: certPem, key: keyPem };
  const members = await clusterMembers(ctx, clientURLs, tls, log);
  // Ask the members that stay: the one removed stops serving as soon as it is out.
  const others = members.filter((m) => m.peerURLs[0] !== peerURL).flatMap((m) => m.clientURLs);
  const self = members.find((m) => m.peerURLs[0] === peerURL);
  const remote = new EtcdClient([...others, ...clientURLs], tls);
  try {
    const result = await removeMember(remote, peerURL, log, ctx.config.init.timeouts.etcdAPICall.ms);
    if (result === 'removed') log.info(`Removed etcd member ${JSON.stringify(self?.name ?? '')} (${hexId(self!.id)}, ${peerURL}) from the etcd cluster`);
  } finally {
    remote.close();
  }
}

export async function removeEtcdMember(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const targets = await resetTargets(ctx);
  const { etcd } = targets;
  if (!etcd) {
    log.info('No etcd config found. Assuming external etcd');
    log.info('Please, manually reset etcd to prevent further issues');
    return;
  }
  const { manifest, member, dataDir } = etcd;
  await checkResetTargets({ dirs: [], files: [], etcd });
  log.debug(1, `Using the etcd Pod spec in ${manifest}: data directory ${dataDir}`);
  if (ctx.dryRun) {
    log.info('Would remove the etcd member on this node from the etcd cluster');
    log.info(`Would delete contents of the etcd data directory: ${dataDir}`);
    return;
  }
  if (member?.peerURL && member.clientURLs.length > 0) {
    try {
      await removeLocalMember(ctx, member.peerURL, member.clientURLs, log);
    } catch (e) {
      log.warn(`Failed to remove etcd member: ${messageOf(e)}, please manually remove this etcd member using etcdctl`);
    }
  } else {
    log.warn(`Failed to remove etcd member: ${manifest} names no --initial-advertise-peer-urls or --advertise-client-urls, please manually remove this etcd member using etcdctl`);
  }
  if (await emptyDir(dataDir)) log.info(`Deleted contents of the etcd data directory: ${dataDir}`);
}
