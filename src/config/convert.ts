/**
 * kubeadm.k8s.io/v1beta3 → v1beta4, on schema-checked documents (kubeadm's v1beta3 conversion.go):
 * extra-argument maps become `[{name, value}]` lists sorted by name (then value), the API server's
 * `timeoutForControlPlane` becomes `timeouts.controlPlaneComponentHealthCheck` of Init and Join, and
 * `discovery.timeout` becomes `timeouts.discovery`. Every moved value keeps pointing at its original
 * line through reporter aliases.
 */
import type { Reporter } from './report.js';
import type { KubeadmKind } from './load/schema-kubeadm.js';
import { API_VERSION_V1BETA3 } from './types.js';

export type Raw = Record<string, unknown>;

export interface RawDocument {
  apiVersion: string;
  body: Raw;
}

export type RawDocuments = Partial<Record<KubeadmKind, RawDocument>>;

const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sorted `[{name, value}]` from a v1beta3 map, aliasing each entry to its map key. */
function mapToArgs(map: unknown, path: string, report: Reporter): { name: string; value: string }[] | undefined {
  if (!isRaw(map)) return undefined;
  const args = Object.entries(map).map(([name, value]) => ({ name, value: String(value ?? '') }));
  args.sort((a, b) => (a.name === b.name ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.name < b.name ? -1 : 1));
  args.forEach((a, i) => {
    for (const suffix of ['', '.name', '.value']) report.alias(`${path}[${i}]${suffix}`, `${path}.${a.name}`);
  });
  return args;
}

function convertArgsAt(holder: unknown, key: string, path: string, report: Reporter): void {
  if (!isRaw(holder) || holder[key] === undefined) return;
  const args = mapToArgs(holder[key], `${path}.${key}`, report);
  if (args === undefined) delete holder[key];
  else holder[key] = args;
}

function setTimeout(body: Raw, field: string, value: string): boolean {
  const timeouts = isRaw(body['timeouts']) ? body['timeouts'] : {};
  if (timeouts[field] !== undefined) return false;
  body['timeouts'] = { ...timeouts, [field]: value };
  return true;
}

/** Convert every v1beta3 document in place to the v1beta4 shape. */
export function convertToV1beta4(docs: RawDocuments, report: Reporter): void {
  let controlPlaneTimeout: string | undefined;
  const cluster = docs.ClusterConfiguration;
  if (cluster?.apiVersion === API_VERSION_V1BETA3) {
    const b = cluster.body;
    for (const component of ['apiServer', 'controllerManager', 'scheduler']) {
      convertArgsAt(b[component], 'extraArgs', `ClusterConfiguration.${component}`, report);
    }
    const etcd = b['etcd'];
    if (isRaw(etcd)) convertArgsAt(etcd['local'], 'extraArgs', 'ClusterConfiguration.etcd.local', report);
    const apiServer = b['apiServer'];
    if (isRaw(apiServer) && typeof apiServer['timeoutForControlPlane'] === 'string') {
      controlPlaneTimeout = apiServer['timeoutForControlPlane'];
      delete apiServer['timeoutForControlPlane'];
    }
  }
  for (const kind of ['InitConfiguration', 'JoinConfiguration'] as const) {
    const doc = docs[kind];
    if (doc?.apiVersion !== API_VERSION_V1BETA3) continue;
    convertArgsAt(doc.body['nodeRegistration'], 'kubeletExtraArgs', `${kind}.nodeRegistration`, report);
    const discovery = doc.body['discovery'];
    if (kind === 'JoinConfiguration' && isRaw(discovery) && typeof discovery['timeout'] === 'string') {
      setTimeout(doc.body, 'discovery', discovery['timeout']);
      report.alias('JoinConfiguration.timeouts.discovery', 'JoinConfiguration.discovery.timeout');
      delete discovery['timeout'];
    }
  }
  if (controlPlaneTimeout !== undefined) {
    // kubeadm applies the v1beta3 API server timeout to both the init and the join timeouts.
    const init = (docs.InitConfiguration ??= { apiVersion: API_VERSION_V1BETA3, body: {} });
    const targets = [init, docs.JoinConfiguration].filter((d): d is RawDocument => d !== undefined);
    for (const [i, doc] of targets.entries()) {
      const kind = i === 0 ? 'InitConfiguration' : 'JoinConfiguration';
      if (setTimeout(doc.body, 'controlPlaneComponentHealthCheck', controlPlaneTimeout)) {
        report.alias(`${kind}.timeouts.controlPlaneComponentHealthCheck`, 'ClusterConfiguration.apiServer.timeoutForControlPlane');
      }
    }
  }
}
