/**
 * Rendered text → Kubernetes objects → canonical YAML. Parsing is strict (duplicate keys, aliases
 * and tags other than the core ones are errors). Serialisation is deterministic and kubeadm-like:
 * keys sorted, sequences not indented, strings quoted wherever a YAML 1.1 reader (the kubelet's)
 * could read them as something else.
 */
import { parseAllDocuments, visit } from 'yaml';
import type { KubeObject } from '../kube/objects/types.js';
import { toYaml, toYamlStream } from '../yaml.js';

/** A problem found in rendered output; `source` names the template. */
export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse every document of a multi-document stream; empty documents are dropped. */
export function parseDocuments(text: string): KubeObject[] {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, strict: true, schema: 'core' });
  const out: KubeObject[] = [];
  for (const [i, doc] of [...docs].entries()) {
    const where = docs.length > 1 ? `document ${i + 1}: ` : '';
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new DocumentError(`${where}${problem.message}`);
    let anchors = false;
    visit(doc, { Alias: () => void (anchors = true), Node: (_k, n) => void (n.anchor ? (anchors = true) : undefined) });
    if (anchors) throw new DocumentError(`${where}anchors and aliases are not allowed`);
    const value: unknown = doc.toJS({ maxAliasCount: 0 });
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new DocumentError(`${where}expected a mapping (a Kubernetes object), got ${Array.isArray(value) ? 'a sequence' : typeof value}`);
    if (typeof value['apiVersion'] !== 'string' || typeof value['kind'] !== 'string') {
      throw new DocumentError(`${where}a Kubernetes object needs string fields apiVersion and kind`);
    }
    out.push(value as unknown as KubeObject);
  }
  return out;
}

/** One object as canonical YAML text (ends with a newline). */
export function serializeObject(value: unknown): string {
  return toYaml(value, 'manifest');
}

/** Several objects as one multi-document stream, in the given order. */
export function serializeDocuments(values: readonly unknown[]): string {
  return toYamlStream(values, 'manifest');
}
