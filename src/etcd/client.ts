/**
 * An etcd v3 client over etcd's JSON gateway (`/v3/cluster/member/*`, `/v3/maintenance/status`),
 * authenticated with a client certificate of the etcd CA, as kubeadm's util/etcd uses the Go
 * client. Each call tries the endpoints in turn until one answers. Member IDs are uint64, so they
 * stay decimal strings here, as the gateway writes them.
 */
import { MinikubeadmError } from '../errors.js';
import { type Endpoint, endpoint } from '../net/http.js';

export interface EtcdMember {
  /** Decimal uint64. */
  id: string;
  /** Empty for a member that was added but has not started yet. */
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface EtcdTls {
  ca: Buffer | string;
  cert: Buffer | string;
  key: Buffer | string;
}

/** An error etcd itself returned (not a transport failure); `message` is etcd's, e.g. `etcdserver: …`. */
export class EtcdError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
  ) {
    super(message);
    this.name = 'EtcdError';
  }
}

interface RawMember {
  ID?: string | number;
  name?: string;
  peerURLs?: string[];
  clientURLs?: string[];
  isLearner?: boolean;
}

const member = (m: RawMember): EtcdMember => ({
  id: String(m.ID ?? '0'),
  name: m.name ?? '',
  peerURLs: m.peerURLs ?? [],
  clientURLs: m.clientURLs ?? [],
  isLearner: m.isLearner === true,
});

/** The hex form kubeadm prints member IDs in. */
export const hexId = (id: string): string => BigInt(id).toString(16);

export class EtcdClient {
  private readonly eps: Endpoint[];

  constructor(
    readonly endpoints: readonly string[],
    private readonly tls: EtcdTls,
    private readonly timeoutMs = 2_000,
  ) {
    if (endpoints.length === 0) throw new MinikubeadmError('API_ERROR', 'no etcd endpoints to talk to', { hint: 'check that the etcd members of the cluster are running' });
    this.eps = endpoints.map((e) => endpoint(e, { ca: tls.ca, cert: tls.cert, key: tls.key }));
  }

  close(): void {
    for (const ep of this.eps) ep.close();
  }

  /** POST a gateway call to the first endpoint that answers; etcd's own errors are not retried elsewhere. */
  private async call<T>(path: string, body: unknown): Promise<T> {
    const failures: string[] = [];
    for (const ep of this.eps) {
      let res;
      try {
        res = await ep.request('POST', path, { body: JSON.stringify(body), timeoutMs: this.timeoutMs, maxBytes: 4 << 20 });
      } catch (e) {
        failures.push(`${ep.base}: ${(e as Error).message}`);
        continue;
      }
      let parsed: { error?: string; message?: string } & Record<string, unknown>;
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        failures.push(`${ep.base}: HTTP ${res.status}, not JSON`);
        continue;
      }
      if (res.status !== 200 || parsed.error !== undefined) throw new EtcdError(parsed.message ?? parsed.error ?? `HTTP ${res.status}`, ep.base);
      return parsed as T;
    }
    throw new MinikubeadmError('API_ERROR', `no etcd member answered ${path}:\n  - ${failures.join('\n  - ')}`, {
      hint: 'check that the etcd members run (`crictl ps --name etcd`) and that this node reaches their client port (2379)',
    });
  }

  async members(): Promise<EtcdMember[]> {
    const r = await this.call<{ members?: RawMember[] }>('/v3/cluster/member/list', {});
    return (r.members ?? []).map(member);
  }

  /** Add a learner with this peer URL; the cluster's members after the change (the new one has no name yet). */
  async addLearner(peerURL: string): Promise<{ added: EtcdMember; members: EtcdMember[] }> {
    const r = await this.call<{ member?: RawMember; members?: RawMember[] }>('/v3/cluster/member/add', { peerURLs: [peerURL], isLearner: true });
    if (!r.member) throw new EtcdError('member add answered without the new member', this.endpoints[0]!);
    return { added: member(r.member), members: (r.members ?? []).map(member) };
  }

  async promote(id: string): Promise<void> {
    await this.call('/v3/cluster/member/promote', { ID: id });
  }

  async remove(id: string): Promise<void> {
    await this.call('/v3/cluster/member/remove', { ID: id });
  }

  /** The status of the member behind `clientURL`: answers when it is up. */
  async status(clientURL: string): Promise<{ isLearner: boolean; leader: string }> {
    const ep = this.eps.find((e) => e.base === clientURL.replace(/\/+$/, ''));
    const single = ep ?? endpoint(clientURL, { ca: this.tls.ca, cert: this.tls.cert, key: this.tls.key });
    const res = await single.request('POST', '/v3/maintenance/status', { body: '{}', timeoutMs: this.timeoutMs, maxBytes: 1 << 20 });
    if (!ep) single.close();
    const parsed = JSON.parse(res.body) as { isLearner?: boolean; leader?: string | number; error?: string; message?: string };
    if (res.status !== 200 || parsed.error !== undefined) throw new EtcdError(parsed.message ?? parsed.error ?? `HTTP ${res.status}`, clientURL);
    return { isLearner: parsed.isLearner === true, leader: String(parsed.leader ?? '0') };
  }
}
