/**
 * Stacked etcd membership, as kubeadm's phases/etcd and util/etcd do it: find the members through
 * the etcd static Pods' advertise-client-urls annotation, add this node as a learner, let the caller
 * write the etcd manifest with the full initial cluster, promote the learner once it is in sync, and
 * wait until the cluster is available; and, for reset, remove this node's member.
 */
import { MinikubeadmError } from '../errors.js';
import type { KubeClient } from '../kube/client/client.js';
import type { Logger } from '../log.js';
import { clientURLByIP, etcdPeerURL as peerURLOf } from '../manifests/addresses.js';
import { ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION } from '../manifests/etcd.js';
import { sleep } from '../wait.js';
import { EtcdError, type EtcdClient, type EtcdMember, hexId } from './client.js';

const API_RETRY_MS = 500;
const ETCD_RETRY_MS = 500;
const HEALTHY_CHECK_INTERVAL_MS = 5_000;
const HEALTHY_CHECK_RETRIES = 8;

/** `https://<address>:2380`. */
export const etcdPeerURL = (address: string): string => peerURLOf({ advertiseAddress: address });

/** A member as `--initial-cluster` lists it. */
export interface InitialMember {
  name: string;
  peerURL: string;
}

/**
 * The client URLs of the cluster's etcd members, from the `component=etcd` mirror Pods'
 * annotation (kubeadm's NewFromCluster), retried until every etcd Pod has one. Where the cluster
 * has no etcd mirror Pods, the API server endpoints (stacked etcd runs beside each) stand in.
 */
export async function etcdEndpoints(client: KubeClient, timeoutMs: number, log: Logger): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const pods = await client.list('v1', 'Pod', 'kube-system', 'component=etcd,tier=control-plane');
    const urls = pods.map((p) => p.metadata.annotations?.[ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]).filter((u): u is string => typeof u === 'string' && u !== '');
    if (pods.length > 0 && urls.length === pods.length) return [...new Set(urls.flatMap((u) => u.split(',')))];
    if (pods.length === 0) {
      const endpoints = await client.get({ apiVersion: 'v1', kind: 'Endpoints', name: 'kubernetes', namespace: 'default' });
      const subsets = (endpoints?.['subsets'] ?? []) as { addresses?: { ip?: string }[] }[];
      const ips = subsets.flatMap((s) => s.addresses ?? []).map((a) => a.ip).filter((ip): ip is string => typeof ip === 'string');
      if (ips.length > 0) {
        log.debug(1, `[etcd] no etcd mirror Pods found; trying the API server addresses ${ips.join(', ')}`);
        return ips.map(clientURLByIP);
      }
      last = 'no etcd Pods and no API server endpoints';
    } else {
      last = `${pods.length - urls.length} of ${pods.length} etcd Pods have no ${ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION} annotation`;
    }
    if (Date.now() + API_RETRY_MS > deadline) {
      throw new MinikubeadmError('API_ERROR', `could not retrieve the list of etcd endpoints: ${last}`, {
        hint: 'check the etcd static Pods of the control-plane nodes: `kubectl -n kube-system get pods -l component=etcd`',
      });
    }
    await sleep(API_RETRY_MS);
  }
}

/** Retry `attempt` every 500 ms until it returns a value or `timeoutMs` passes (then its last error). */
async function retry<T>(what: string, timeoutMs: number, log: Logger, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (e) {
      if (!(e instanceof EtcdError) && !(e instanceof MinikubeadmError)) throw e;
      last = e;
      log.debug(1, `[etcd] ${what}: ${(e as Error).message}`);
    }
    if (Date.now() + ETCD_RETRY_MS > deadline) {
      throw new MinikubeadmError('TIMEOUT', `timed out ${what}${last ? `: ${(last as Error).message}` : ''}`, {
        hint: 'check the etcd members (`etcdctl member list -w table` on a control-plane node) and their logs',
        cause: last,
      });
    }
    await sleep(ETCD_RETRY_MS);
  }
}

/** Nameless members (added, not started) go by their hex ID, as kubeadm names them. */
const nameOf = (m: EtcdMember): string => m.name || hexId(m.id);

export interface JoinMemberInputs {
  client: EtcdClient;
  nodeName: string;
  /** This node's advertise address. */
  address: string;
  /** `timeouts.etcdAPICall`. */
  timeoutMs: number;
  log: Logger;
  /** Writes the etcd manifest for a member joining this initial cluster (`--initial-cluster-state=existing`). */
  writeManifest: (initialCluster: readonly InitialMember[]) => Promise<void>;
}

/**
 * Refuse a member of this node's name under another peer URL: the old node's member must go first.
 * Returns this node's member when it is already there (a join run again).
 */
export function ownMember(members: readonly EtcdMember[], nodeName: string, peerURL: string): EtcdMember | undefined {
  const mine = members.find((m) => m.peerURLs[0] === peerURL);
  const clash = members.find((m) => m.name === nodeName && m.peerURLs[0] !== peerURL);
  if (clash) {
    throw new MinikubeadmError('JOIN_REFUSED', `an etcd member named "${nodeName}" already exists with peer URL ${clash.peerURLs.join(',')}, not ${peerURL}`, {
      hint: `remove it first (\`etcdctl member remove ${hexId(clash.id)}\` on a control-plane node, or \`minikubeadm reset\` on the node it belonged to), or join this node under another --node-name`,
    });
  }
  if (mine && mine.name !== '' && mine.name !== nodeName) {
    throw new MinikubeadmError('JOIN_REFUSED', `the etcd member "${mine.name}" already uses this node's peer URL ${peerURL}`, {
      hint: `if "${mine.name}" was an earlier life of this machine, remove its member first (\`etcdctl member remove ${hexId(mine.id)}\` on a control-plane node), or join under --node-name ${mine.name}`,
    });
  }
  return mine;
}

export async function joinMember(inputs: JoinMemberInputs): Promise<void> {
  const { client, log, nodeName } = inputs;
  const peerURL = etcdPeerURL(inputs.address);
  let members = await retry('listing the etcd members', inputs.timeoutMs, log, () => client.members());
  let mine = ownMember(members, nodeName, peerURL);
  if (mine) {
    log.debug(1, `[etcd] This node is already member ${hexId(mine.id)} of the etcd cluster`);
  } else {
    const added = await retry('adding this node as an etcd learner', inputs.timeoutMs, log, () => client.addLearner(peerURL));
    mine = added.added;
    members = added.members;
    log.info('Announced new etcd member joining to the existing etcd cluster');
  }
  const id = mine.id;
  const initialCluster = members.map((m) => ({ name: m.id === id ? nodeName : nameOf(m), peerURL: m.peerURLs[0] ?? '' }));
  log.info('Creating static Pod manifest for "etcd"');
  try {
    await inputs.writeManifest(initialCluster);
  } catch (e) {
    // A learner without a manifest would never start: take it out again, so a new join can add it.
    if (mine.isLearner && mine.name === '') await client.remove(id).catch(() => undefined);
    throw e;
  }

  await promoteOrRemove(client, id, peerURL, inputs.timeoutMs, log);

  log.info(`Waiting for the new etcd member to join the cluster. This can take up to ${(HEALTHY_CHECK_INTERVAL_MS * HEALTHY_CHECK_RETRIES) / 1000}s`);
  await waitForQuorum(client, log);
}

/**
 * Promote the learner once it is in sync. A learner that never started (its Pod never came up) is
 * removed again, as kubeadm does since 1.35, so the cluster is left as it was and a new join can add it.
 */
async function promoteOrRemove(client: EtcdClient, id: string, peerURL: string, timeoutMs: number, log: Logger): Promise<void> {
  try {
    await promote(client, id, peerURL, timeoutMs, log);
  } catch (e) {
    const current = (await client.members().catch(() => [])).find((m) => m.id === id);
    if (!current?.isLearner || current.name !== '') throw e;
    await client.remove(id).catch(() => undefined);
    throw new MinikubeadmError('TIMEOUT', `the new etcd member never started, so it was removed again from the etcd cluster: ${(e as Error).message}`, {
      hint: 'check that the kubelet runs the etcd static Pod on this node (`crictl ps -a --name etcd`, its logs) and that the members reach each other on port 2380, then run the join again',
      cause: e,
    });
  }
}

async function promote(client: EtcdClient, id: string, peerURL: string, timeoutMs: number, log: Logger): Promise<void> {
  await retry('promoting the learner', timeoutMs, log, async () => {
    const current = (await client.members()).find((m) => m.id === id);
    if (!current) throw new EtcdError(`no member id found for peer URL ${peerURL}`, client.endpoints[0]!);
    if (!current.isLearner) {
      log.debug(1, `[etcd] Member ${hexId(id)} already promoted.`);
      return true;
    }
    if (!current.name) throw new EtcdError('the learner has not started yet', client.endpoints[0]!);
    await client.promote(id);
    log.debug(1, `[etcd] The learner was promoted as a voting member: ${hexId(id)}`);
    return true;
  });
}

/** A majority of the voting members answers (kubeadm 1.37 checks the cluster's health by quorum). */
export async function waitForQuorum(client: EtcdClient, log: Logger): Promise<void> {
  let last = '';
  for (let i = 1; i <= HEALTHY_CHECK_RETRIES; i++) {
    try {
      const voters = (await client.members()).filter((m) => !m.isLearner);
      const answers = await Promise.all(voters.map((m) => (m.clientURLs[0] ? client.status(m.clientURLs[0]).then(() => true, () => false) : Promise.resolve(false))));
      const up = answers.filter(Boolean).length;
      if (up > voters.length / 2) return;
      last = `${up} of ${voters.length} voting members answer`;
    } catch (e) {
      last = (e as Error).message;
    }
    log.debug(1, `[etcd] waiting for the etcd cluster: ${last}`);
    if (i < HEALTHY_CHECK_RETRIES) await sleep(HEALTHY_CHECK_INTERVAL_MS);
  }
  throw new MinikubeadmError('TIMEOUT', `timeout waiting for etcd cluster to be available: ${last}`, {
    hint: 'check the new etcd member (`crictl logs` of its container) and that the members reach each other on port 2380',
  });
}

/**
 * Remove the member with this peer URL (reset). Not found counts as done; the only member left is
 * kept (removing it would destroy the cluster).
 */
export async function removeMember(client: EtcdClient, peerURL: string, log: Logger, timeoutMs = 2 * 60_000): Promise<'removed' | 'absent' | 'last'> {
  const members = await client.members();
  const mine = members.find((m) => m.peerURLs[0] === peerURL);
  if (!mine) {
    log.debug(5, `[etcd] member was already removed, because no member id exists for peer ${peerURL}`);
    return 'absent';
  }
  if (members.length === 1) {
    log.debug(1, '[etcd] This is the only remaining etcd member in the etcd cluster, skip removing it');
    return 'last';
  }
  // etcd refuses removals while the cluster is unhealthy (a leader election, a member that just
  // joined): retried, as kubeadm's RemoveMember does. A member that is gone meanwhile counts as removed.
  return retry('removing this node\'s etcd member', timeoutMs, log, async () => {
    try {
      await client.remove(mine.id);
      return 'removed' as const;
    } catch (e) {
      if (e instanceof EtcdError && /member not found/i.test(e.message)) return 'absent' as const;
      throw e;
    }
  });
}
