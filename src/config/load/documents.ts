/**
 * Sorts loaded documents by kind: kubeadm kinds are schema-checked per API version, component
 * configs (KubeletConfiguration, KubeProxyConfiguration) are schema-checked and then kept verbatim
 * (later phases merge them over their defaults), kinds kubeadm reads but this tool does not use are
 * ignored with a warning, anything else is an error.
 */
import type { RawDocuments } from '../convert.js';
import type { Reporter } from '../report.js';
import { checkSchema } from './schema.js';
import { COMPONENT_CONFIGS } from './schema-components.js';
import {
  IGNORED_KUBEADM_KINDS,
  KUBEADM_KINDS,
  KUBEADM_SCHEMAS,
  type KubeadmKind,
  versionHint,
} from './schema-kubeadm.js';
import { API_GROUP, API_VERSION_V1BETA3, API_VERSION_V1BETA4, type ComponentConfigDocument } from '../types.js';
import type { LoadedDocument } from './parse.js';

export interface SortedDocuments {
  kubeadm: RawDocuments;
  components: Record<string, ComponentConfigDocument>;
}

const KNOWN_KINDS = [...KUBEADM_KINDS, ...Object.keys(COMPONENT_CONFIGS)];

export function sortDocuments(documents: readonly LoadedDocument[], report: Reporter): SortedDocuments {
  const out: SortedDocuments = { kubeadm: {}, components: {} };
  const firstLine = new Map<string, number>();
  for (const doc of documents) {
    const { kind, apiVersion } = doc;
    const at = report.file === undefined ? undefined : `${report.file}:${doc.line}`;
    const issue = (path: string, message: string): void => report.addRaw(at === undefined ? { path, message } : { path, message, source: at });
    if (firstLine.has(kind) && KNOWN_KINDS.includes(kind)) {
      issue(kind, `appears more than once (first at line ${firstLine.get(kind)}): keep one ${kind} document`);
      continue;
    }
    firstLine.set(kind, doc.line);
    if ((KUBEADM_KINDS as readonly string[]).includes(kind)) {
      const schemas = Object.hasOwn(KUBEADM_SCHEMAS, apiVersion) ? KUBEADM_SCHEMAS[apiVersion] : undefined;
      if (!schemas) {
        const why = apiVersion.startsWith(`${API_GROUP}/`) ? `${apiVersion} is no longer supported` : `${JSON.stringify(apiVersion)} is not a kubeadm API version`;
        issue(`${kind}.apiVersion`, `${why}: use ${API_VERSION_V1BETA4} (${API_VERSION_V1BETA3} is still read and converted)`);
        continue;
      }
      const k = kind as KubeadmKind;
      const body = checkSchema(doc.body, schemas[k], kind, { report, hint: versionHint(apiVersion, k) }) as Record<string, unknown>;
      out.kubeadm[k] = { apiVersion, body };
      continue;
    }
    const component = Object.hasOwn(COMPONENT_CONFIGS, kind) ? COMPONENT_CONFIGS[kind] : undefined;
    if (component !== undefined) {
      if (apiVersion !== component.apiVersion) {
        issue(`${kind}.apiVersion`, `${JSON.stringify(apiVersion)} is not supported: use ${component.apiVersion}`);
        continue;
      }
      const before = report.issues.length;
      checkSchema(doc.body, component.schema, kind, { report });
      if (report.issues.length === before) out.components[kind] = doc.body as ComponentConfigDocument;
      continue;
    }
    if (IGNORED_KUBEADM_KINDS.includes(kind) && apiVersion.startsWith(`${API_GROUP}/`)) {
      report.warn(`Ignored YAML document with GroupVersionKind ${apiVersion}, Kind=${kind}`);
      continue;
    }
    issue(`document ${doc.index}.kind`, `unknown kind ${JSON.stringify(kind)} (apiVersion ${apiVersion}): expected one of ${KNOWN_KINDS.join(', ')}`);
  }
  return out;
}
