/**
 * Validation of rendered objects against the Kubernetes OpenAPI schema of their kind, using the
 * validators shipped in `kubernetes-models` (loaded lazily, one module per kind).
 *
 * Those validators ignore fields the schema does not define, so a typo like `hostNetwrok` would pass.
 * The strict check is derived from the same validators: the object is validated through a Proxy that
 * records which properties the validator looks up. A validator reads every property its schema
 * defines; for maps (labels, resources) it enumerates the keys instead. Any key of an inspected
 * object that was neither looked up nor enumerated is not in the schema.
 */
import type { KubeObject } from '../kube/objects/types.js';

export interface SchemaIssue {
  /** Dotted field path, e.g. `spec.containers[0].livenessProbe.httpGet.port`. */
  path: string;
  message: string;
}

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params?: Record<string, unknown>;
}

interface ModelClass {
  prototype: { validate(this: unknown): void };
}

const SAFE_API_VERSION = /^(?:[a-z0-9.-]+\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const SAFE_KIND = /^[A-Z][A-Za-z0-9]*$/;

type ModelModule = Record<string, unknown>;

/**
 * The kinds minikubeadm's own templates render, imported by name so a bundler can include them
 * (each one a chunk loaded on first use). Any other kind, from a user's template, is looked up in
 * the installed kubernetes-models package.
 */
const KNOWN_MODELS: Readonly<Record<string, () => Promise<ModelModule>>> = {
  'v1/Pod': () => import('kubernetes-models/v1/Pod'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'apps/v1/DaemonSet': () => import('kubernetes-models/apps/v1/DaemonSet'),
  'rbac.authorization.k8s.io/v1/ClusterRole': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  'rbac.authorization.k8s.io/v1/Role': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/Role'),
  'rbac.authorization.k8s.io/v1/RoleBinding': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'),
};

/** The kubernetes-models class for an apiVersion/kind, or undefined when none is known. */
async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  if (!SAFE_API_VERSION.test(apiVersion) || !SAFE_KIND.test(kind)) return undefined;
  try {
    const known = KNOWN_MODELS[`${apiVersion}/${kind}`];
    const specifier = `kubernetes-models/${apiVersion}/${kind}`;
    const mod = (await (known ? known() : import(specifier))) as ModelModule;
    const cls = mod[kind] as ModelClass | undefined;
    return typeof cls === 'function' ? cls : undefined;
  } catch {
    return undefined;
  }
}

interface Inspection {
  path: string;
  keys: string[];
  read: Set<string>;
  enumerated: boolean;
}

/** Wraps `root` so that every object's property reads and key enumerations are recorded. */
function instrument(root: unknown): { proxy: unknown; inspections: Inspection[] } {
  const inspections: Inspection[] = [];
  const proxies = new WeakMap<object, unknown>();
  const wrap = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const cached = proxies.get(value);
    if (cached) return cached;
    const isArray = Array.isArray(value);
    const record: Inspection = { path, keys: isArray ? [] : Object.keys(value), read: new Set(), enumerated: false };
    if (!isArray) inspections.push(record);
    const child = (key: string): string => (isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        record.read.add(key);
        return Object.hasOwn(target, key) ? wrap(v, child(key)) : v;
      },
      has(target, key) {
        if (typeof key === 'string') record.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  return { proxy: wrap(root, ''), inspections };
}

function pointerToPath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function describeAjv(e: AjvError): SchemaIssue {
  let message = e.message ?? e.keyword;
  if (e.keyword === 'enum' && Array.isArray(e.params?.['allowedValues'])) {
    message = `must be one of ${(e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (e.keyword === 'required' && typeof e.params?.['missingProperty'] === 'string') {
    const base = pointerToPath(e.instancePath);
    return { path: base ? `${base}.${e.params['missingProperty']}` : String(e.params['missingProperty']), message: 'required field is missing' };
  }
  return { path: pointerToPath(e.instancePath) || '(root)', message };
}

/**
 * Every schema problem of one object: type/enum/required errors from the validator, then unknown
 * fields. An unknown apiVersion/kind is itself an issue.
 */
export async function schemaIssues(object: KubeObject): Promise<SchemaIssue[]> {
  const model = await modelFor(object.apiVersion, object.kind);
  if (!model) {
    return [{ path: 'kind', message: `no Kubernetes schema is known for apiVersion "${object.apiVersion}", kind "${object.kind}"` }];
  }
  const { proxy, inspections } = instrument(structuredClone(object));
  const issues: SchemaIssue[] = [];
  try {
    model.prototype.validate.call(proxy);
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw e;
    issues.push(...errors.map(describeAjv));
  }
  for (const ins of inspections) {
    // Not looked at by the validator at all: a free-form field (or under one); nothing to check.
    if (ins.enumerated || ins.read.size === 0) continue;
    for (const key of ins.keys) {
      if (!ins.read.has(key)) issues.push({ path: ins.path ? `${ins.path}.${key}` : key, message: 'unknown field' });
    }
  }
  return issues;
}
