/**
 * An etcd v3 client for cluster membership over etcd's JSON gateway (POST /v3/cluster/member/*),
 * authenticated with an etcd client certificate (kubeadm uses healthcheck-client). Member IDs are
 * uint64, carried as decimal strings as the gateway encodes them. Each request tries the endpoints
 * in order until one answers.
 */
import { MinikubeadmError } from '../errors.js';
import { type Endpoint, endpoint } from '../net/http.js';

export interface EtcdTls {
  ca: string;
  cert: string;
  key: string;
}

export interface EtcdMember {
  /** uint64 as a decimal string. */
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

interface RawMember {
  ID?: string | number;
  name?: string;
  peerURLs?: string[];
  clientURLs?: string[];
  isLearner?: boolean;
}

export interface EtcdClientOptions {
  /** Deadline of one request (default 5 s). */
  timeoutMs?: number;
}

/** The member ID as etcdctl prints it (hex). */
export const memberIdHex = (id: string): string => BigInt(id).toString(16);

export class EtcdClient {
  private readonly endpoints: Endpoint[];

  constructor(
    readonly urls: readonly string[],
    tls: EtcdTls,
    private readonly options: EtcdClientOptions = {},
  ) {
    if (urls.length === 0) throw new Error('an etcd client needs at least one endpoint');
    this.endpoints = urls.map((u) => endpoint(u, tls));
  }

  async memberList(): Promise<EtcdMember[]> {
    const body = await this.call('/v3/cluster/member/list', {}, 'list the etcd members');
    return ((body['members'] as RawMember[] | undefined) ?? []).map((m) => ({
      id: String(m.ID ?? '0'),
      name: m.name ?? '',
      peerURLs: m.peerURLs ?? [],
      clientURLs: m.clientURLs ?? [],
      isLearner: m.isLearner === true,
    }));
  }

  /** Remove a member; a member that is already gone counts as removed (kubeadm's ErrMemberNotFound). */
  async memberRemove(id: string): Promise<void> {
    try {
      await this.call('/v3/cluster/member/remove', { ID: id }, `remove etcd member ${memberIdHex(id)}`);
    } catch (e) {
      if (e instanceof MinikubeadmError && /member not found/i.test(e.message)) return;
      throw e;
    }
  }

  close(): void {
    for (const e of this.endpoints) e.close();
  }

  private async call(path: string, request: object, what: string): Promise<Record<string, unknown>> {
    const failures: string[] = [];
    for (const ep of this.endpoints) {
      let res;
      try {
        res = await ep.request('POST', path, { body: JSON.stringify(request), timeoutMs: this.options.timeoutMs ?? 5_000 });
      } catch (e) {
        failures.push(`${ep.base}: ${(e as Error).message}`);
        continue;
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(res.body) as Record<string, unknown>;
      } catch {
        parsed = { message: res.body.trim().slice(0, 300) };
      }
      if (res.status >= 200 && res.status < 300) return parsed;
      // An answer from etcd (not a transport failure): report it rather than trying another member.
      const message = String(parsed['message'] ?? parsed['error'] ?? `HTTP ${res.status}`);
      throw new MinikubeadmError('API_ERROR', `cannot ${what}: ${message} (HTTP ${res.status} from ${ep.base})`, {
        hint: 'check the etcd member logs and that the client certificate is signed by the etcd CA',
      });
    }
    throw new MinikubeadmError('API_ERROR', `cannot ${what}: no etcd endpoint answered (${failures.join('; ')})`, {
      hint: `is etcd running and reachable at ${this.urls.join(', ')}?`,
    });
  }
}
