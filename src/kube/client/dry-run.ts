/**
 * The client used under --dry-run: nothing is read from or sent to a cluster; every write is
 * reported as `[dryrun] Would create …` (the object itself at -v 1, never a Secret's data).
 */
import type { Logger } from '../../log.js';
import type { HttpResponse } from '../../net/http.js';
import { toYaml } from '../../yaml.js';
import { type KubeObject, type ObjectRef, describeRef } from '../objects/types.js';
import type { KubeClient, PatchType } from './client.js';

export function dryRunClient(log: Logger, server = 'https://<dry-run>', source = '<dry-run>'): KubeClient {
  const show = (verb: string, obj: KubeObject): KubeObject => {
    log.info(`Would ${verb} ${describeRef({ ...obj, name: obj.metadata.name, namespace: obj.metadata.namespace })}`);
    if (log.verbosity >= 1) log.print(obj.kind === 'Secret' ? '(contents not shown: a Secret)' : toYaml(obj, 'report'));
    return obj;
  };
  return {
    server,
    source,
    dryRun: true,
    get: async () => undefined,
    create: async (obj) => show('create', obj),
    replace: async (obj) => show('update', obj),
    patch: async (ref: ObjectRef, patch: unknown, type: PatchType = 'merge') => {
      log.info(`Would patch ${describeRef(ref)} (${type})`);
      if (log.verbosity >= 1) log.print(JSON.stringify(patch));
      return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } };
    },
    list: async () => [],
    delete: async (ref: ObjectRef) => {
      log.info(`Would delete ${describeRef(ref)}`);
      return true;
    },
    raw: async (): Promise<HttpResponse> => ({ status: 200, body: '{}', contentType: 'application/json' }),
    close: () => undefined,
  };
}
