/**
 * API access from a kubeconfig: src/kubeconfig/ reads the file (credentials embedded or in files it
 * names) and the requests are plain JSON over HTTPS, so objects come back exactly as the server sent
 * them. Transient failures (no answer, 429, 5xx) are retried a bounded number of times.
 */
import { MinikubeadmError } from '../../errors.js';
import type { Fs } from '../../host/fs.js';
import { type Connection, type Kubeconfig, type ReadFile, connectionOf, parseKubeconfig } from '../../kubeconfig/kubeconfig.js';
import { type Endpoint, type HttpResponse, TransportError, endpoint } from '../../net/http.js';
import { sleep } from '../../wait.js';
import { type KubeObject, type ObjectRef, describeRef, refOf } from '../objects/types.js';
import { apiErrorFromResponse, apiErrorFromTransport, isTransient } from './errors.js';
import { collectionPath, objectPath } from './resources.js';

export type PatchType = 'merge' | 'strategic' | 'json';

export interface KubeClient {
  /** The API server URL from the kubeconfig. */
  readonly server: string;
  /** The kubeconfig file the credentials came from (for messages). */
  readonly source: string;
  readonly dryRun: boolean;
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  create(obj: KubeObject): Promise<KubeObject>;
  replace(obj: KubeObject): Promise<KubeObject>;
  patch(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<KubeObject>;
  list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string, fieldSelector?: string): Promise<KubeObject[]>;
  /** Delete an object; false when it did not exist. */
  delete(ref: ObjectRef): Promise<boolean>;
  /** Any path, e.g. `/livez`; no retries, no error mapping beyond transport failures. */
  raw(method: string, path: string, body?: unknown): Promise<HttpResponse>;
  close(): void;
}

export interface ClientOptions {
  /** Deadline of one HTTP request. */
  requestTimeoutMs?: number;
  /** Attempts for transient failures (default 4: waits of 0.5, 1 and 2 s between them). */
  attempts?: number;
}

const PATCH_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

/** A client authenticated as the kubeconfig's current context. The file is read through `fs`. */
export async function clientFromKubeconfig(path: string, fs: Fs, options: ClientOptions = {}): Promise<KubeClient> {
  const text = await fs.readText(path);
  if (text === undefined) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${path}" does not exist`, {
      hint: 'create it first with `minikubeadm init phase kubeconfig`',
    });
  }
  return clientFromConnection(await connectionOf(parseKubeconfig(text, path), path, (p) => fs.readText(p)), path, options);
}

/** A client for a kubeconfig held in memory (the TLS-bootstrap identity during join); `source` names it. */
export async function clientFromKubeconfigObject(config: Kubeconfig, source: string, read: ReadFile, options: ClientOptions = {}): Promise<KubeClient> {
  return clientFromConnection(await connectionOf(config, source, read), source, options);
}

function clientFromConnection(connection: Connection, source: string, options: ClientOptions): KubeClient {
  const headers: Record<string, string> = connection.token ? { Authorization: `Bearer ${connection.token}` } : {};
  const ep = endpoint(connection.server, { ca: connection.caPem, cert: connection.certPem, key: connection.keyPem, insecure: connection.insecure }, headers);
  return new HttpKubeClient(ep, source, options);
}

class HttpKubeClient implements KubeClient {
  readonly dryRun = false;
  readonly server: string;

  constructor(
    private readonly ep: Endpoint,
    readonly source: string,
    private readonly options: ClientOptions,
  ) {
    this.server = ep.base;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const res = await this.call('GET', objectPath(ref), `get ${describeRef(ref)}`, undefined, [404]);
    return res.status === 404 ? undefined : (JSON.parse(res.body) as KubeObject);
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    const path = collectionPath(obj.apiVersion, obj.kind, obj.metadata.namespace);
    const res = await this.call('POST', path, `create ${describeRef(refOf(obj))}`, JSON.stringify(obj));
    return JSON.parse(res.body) as KubeObject;
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    const ref = refOf(obj);
    const res = await this.call('PUT', objectPath(ref), `update ${describeRef(ref)}`, JSON.stringify(obj));
    return JSON.parse(res.body) as KubeObject;
  }

  async patch(ref: ObjectRef, patch: unknown, type: PatchType = 'merge'): Promise<KubeObject> {
    const res = await this.call('PATCH', objectPath(ref), `patch ${describeRef(ref)}`, JSON.stringify(patch), [], PATCH_TYPES[type]);
    return JSON.parse(res.body) as KubeObject;
  }

  async list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string, fieldSelector?: string): Promise<KubeObject[]> {
    const params = [
      ...(labelSelector ? [`labelSelector=${encodeURIComponent(labelSelector)}`] : []),
      ...(fieldSelector ? [`fieldSelector=${encodeURIComponent(fieldSelector)}`] : []),
    ];
    const query = params.length > 0 ? `?${params.join('&')}` : '';
    const res = await this.call('GET', collectionPath(apiVersion, kind, namespace) + query, `list ${kind} objects${namespace ? ` in ${namespace}` : ''}`);
    const items = (JSON.parse(res.body) as { items?: KubeObject[] }).items ?? [];
    // List items carry no apiVersion/kind; put them back so items can be sent again as they are.
    return items.map((i) => ({ ...i, apiVersion, kind }));
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    const res = await this.call('DELETE', objectPath(ref), `delete ${describeRef(ref)}`, undefined, [404]);
    return res.status !== 404;
  }

  raw(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    return this.ep.request(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.options.requestTimeoutMs,
    });
  }

  close(): void {
    this.ep.close();
  }

  private async call(method: string, path: string, what: string, body?: string, accept: number[] = [], contentType?: string): Promise<HttpResponse> {
    const attempts = this.options.attempts ?? 4;
    for (let i = 1; ; i++) {
      try {
        const res = await this.ep.request(method, path, { body, contentType, timeoutMs: this.options.requestTimeoutMs });
        if ((res.status >= 200 && res.status < 300) || accept.includes(res.status)) return res;
        throw apiErrorFromResponse(res, what, this.server, this.source);
      } catch (e) {
        const err = e instanceof TransportError ? apiErrorFromTransport(e, what, this.server, this.source) : e;
        if (i >= attempts || !isTransient(err)) throw err;
        await sleep(500 * 2 ** (i - 1));
      }
    }
  }
}
