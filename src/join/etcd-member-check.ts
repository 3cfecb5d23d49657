/**
 * Before a control-plane join writes anything: is there already an etcd member of this node's name
 * (a node that left without `reset`)? The cluster is read with short-lived client certificates made
 * in memory from the shared CAs (the kubeadm-certs Secret or this node's copies), so nothing is
 * written. When the members cannot be read the join goes on with a warning: etcd-join checks again
 * before it adds the member.
 */
import { GROUPS } from '../config/constants.js';
import { sharedFile } from '../copycerts/download.js';
import { EtcdClient } from '../etcd/client.js';
import { etcdEndpoints, etcdPeerURL, ownMember } from '../etcd/members.js';
import { MinikubeadmError, messageOf } from '../errors.js';
import { clientFromKubeconfigObject } from '../kube/client/client.js';
import { buildKubeconfig } from '../kubeconfig/kubeconfig.js';
import { ephemeralClientCertificate } from '../pki/ephemeral.js';
import type { RunContext } from '../workflow/context.js';
import type { Joining } from '../workflow/joining.js';

const LOOKUP_TIMEOUT_MS = 10_000;

export async function checkEtcdMemberName(ctx: RunContext, joining: Joining): Promise<void> {
  const { log } = ctx;
  const dir = joining.cluster.certificatesDir;
  const certs = await joining.sharedCertificates();
  const [ca, caKey, etcdCa, etcdCaKey] = ['ca.crt', 'ca.key', 'etcd/ca.crt', 'etcd/ca.key'].map((f) => sharedFile(certs, dir, f)?.toString('utf8'));
  if (!ca || !caKey || !etcdCa || !etcdCaKey) {
    log.debug(1, 'the shared CAs have no keys here (external CA): the etcd member name is checked by etcd-join');
    return;
  }
  const name = joining.config.init.nodeRegistration.name;
  const peerURL = etcdPeerURL(joining.config.init.localAPIEndpoint.advertiseAddress);
  let etcd: EtcdClient | undefined;
  let api;
  try {
    const admin = await ephemeralClientCertificate(ca, caKey, { commonName: 'minikubeadm:join-preflight', organization: [GROUPS.systemMasters] }, ctx.now());
    const kubeconfig = buildKubeconfig({
      clusterName: joining.cluster.clusterName,
      server: joining.discovered.server,
      caCertPem: joining.discovered.caPem,
      userName: 'minikubeadm:join-preflight',
      clientCertPem: admin.certPem,
      clientKeyPem: admin.keyPem,
    });
    api = await clientFromKubeconfigObject(kubeconfig, 'an in-memory identity of the shared CA', async () => undefined);
    const endpoints = await etcdEndpoints(api, LOOKUP_TIMEOUT_MS, log);
    const client = await ephemeralClientCertificate(etcdCa, etcdCaKey, { commonName: 'kube-etcd-healthcheck-client' }, ctx.now());
    etcd = new EtcdClient(endpoints, { ca: etcdCa, cert: client.certPem, key: client.keyPem });
    const mine = ownMember(await etcd.members(), name, peerURL);
    log.debug(1, mine ? `this node is already etcd member ${mine.id} (a join run again)` : `no etcd member is named "${name}"`);
  } catch (e) {
    if (e instanceof MinikubeadmError && e.code === 'JOIN_REFUSED') throw e;
    log.warn(`could not read the etcd members to check that "${name}" is free (${messageOf(e)}); etcd-join checks again before adding this node`);
  } finally {
    etcd?.close();
    api?.close();
  }
}
