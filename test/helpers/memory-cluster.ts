/**
 * An in-memory API server for unit tests of code that takes a KubeClient: objects keyed by
 * apiVersion, kind, namespace and name, AlreadyExists on a second create, field selectors on `type`.
 */
import type { KubeClient } from '../../src/kube/client/client.js';
import { ApiError } from '../../src/kube/client/errors.js';
import type { KubeObject, ObjectRef } from '../../src/kube/objects/types.js';

const keyOf = (r: ObjectRef): string => `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

export class MemoryCluster implements KubeClient {
  readonly server = 'https://memory.test:6443';
  readonly source = 'memory';
  readonly dryRun = false;
  readonly objects = new Map<string, KubeObject>();
  readonly calls: string[] = [];

  add(obj: KubeObject): void {
    this.objects.set(keyOf({ apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name }), structuredClone(obj));
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    this.calls.push(`get ${keyOf(ref)}`);
    const o = this.objects.get(keyOf(ref));
    return o && structuredClone(o);
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
    this.calls.push(`create ${keyOf(ref)}`);
    if (this.objects.has(keyOf(ref))) throw new ApiError(`${obj.kind} "${obj.metadata.name}" already exists`, 409, 'AlreadyExists', 'hint');
    this.add(obj);
    return obj;
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    this.calls.push(`replace ${keyOf({ apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name })}`);
    this.add(obj);
    return obj;
  }

  async patch(): Promise<KubeObject> {
    throw new Error('patch is not supported by the memory cluster');
  }

  async list(apiVersion: string, kind: string, namespace?: string, _labels?: string, fieldSelector?: string): Promise<KubeObject[]> {
    this.calls.push(`list ${apiVersion}/${kind}/${namespace ?? ''}${fieldSelector ? `?${fieldSelector}` : ''}`);
    const type = fieldSelector?.startsWith('type=') ? fieldSelector.slice(5) : undefined;
    return [...this.objects.values()].filter(
      (o) => o.apiVersion === apiVersion && o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace) && (type === undefined || o['type'] === type),
    );
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    this.calls.push(`delete ${keyOf(ref)}`);
    return this.objects.delete(keyOf(ref));
  }

  async raw(): Promise<never> {
    throw new Error('raw is not supported by the memory cluster');
  }

  close(): void {}
}
