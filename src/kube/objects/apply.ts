/**
 * Create-or-update so every online phase can be re-run: create when absent; when present and already
 * saying what we want, leave it alone (no write, resourceVersion unchanged); otherwise replace it,
 * carrying over the resourceVersion (and a Service's allocated cluster IPs). Conflicts from a
 * concurrent writer are retried a bounded number of times.
 */
import type { Logger } from '../../log.js';
import type { KubeClient } from '../client/client.js';
import { isApiError } from '../client/errors.js';
import { type CompareOptions, isContainedIn } from './compare.js';
import { type ApplyResult, type KubeObject, describeRef, refOf } from './types.js';

export type ApplyOptions = CompareOptions;

/** ConfigMaps and Secrets: `data` must match key for key. */
const DEFAULT_EXACT = ['data', 'stringData', 'binaryData'];

export async function apply(client: KubeClient, desired: KubeObject, options: ApplyOptions = {}): Promise<ApplyResult> {
  const compare: CompareOptions = { ...options, exactMaps: options.exactMaps ?? DEFAULT_EXACT };
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await client.get(refOf(desired));
      if (existing === undefined) {
        await client.create(desired);
        return 'created';
      }
      if (isContainedIn(desired, existing, compare)) return 'unchanged';
      await client.replace(forUpdate(desired, existing));
      return 'updated';
    } catch (e) {
      // AlreadyExists: someone created it between our get and create; Conflict: it changed under us.
      if (attempt < 4 && (isApiError(e, 'AlreadyExists') || isApiError(e, 'Conflict'))) continue;
      throw e;
    }
  }
}

/** How a debug line reports an apply result: under --dry-run nothing happened, it only would have. */
export function resultText(client: KubeClient, result: ApplyResult): string {
  return client.dryRun ? `would be ${result}` : result;
}

/** Apply each object in order; log one debug line per object; return the results in order. */
export async function applyAll(client: KubeClient, objects: readonly KubeObject[], log?: Logger, options: ApplyOptions = {}): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const obj of objects) {
    const result = await apply(client, obj, options);
    log?.debug(1, `${describeRef(refOf(obj))} ${resultText(client, result)}`);
    results.push(result);
  }
  return results;
}

/** The body of a replace: ours, with the server's resourceVersion and fields it allocated. */
export function forUpdate(desired: KubeObject, existing: KubeObject): KubeObject {
  const body: KubeObject = structuredClone(desired);
  body.metadata = { ...body.metadata, resourceVersion: existing.metadata.resourceVersion };
  if (desired.kind === 'Service') {
    const spec = (body['spec'] ??= {}) as Record<string, unknown>;
    const had = (existing['spec'] ?? {}) as Record<string, unknown>;
    // The cluster IP is immutable: an update without it would be refused.
    for (const field of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) {
      if (spec[field] === undefined && had[field] !== undefined) spec[field] = had[field];
    }
  }
  return body;
}
