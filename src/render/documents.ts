/**
 * Rendered text → Kubernetes objects → canonical YAML. Parsing is strict (duplicate keys, aliases
 * and tags other than the core ones are errors). Serialisation is deterministic and kubeadm-like:
 * keys sorted, sequences not indented, strings quoted wherever a YAML 1.1 reader (the kubelet's)
 * could read them as something else.
 */
import { Document, parseAllDocuments, visit } from 'yaml';
import { escapeYaml11Breaks } from './quote.js';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
}

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
    out.push(value as KubeObject);
  }
  return out;
}

const NEEDS_ESCAPE = /[\u0085\u2028\u2029\ufeff]/;

/** One object as canonical YAML text (ends with a newline). */
export function serializeObject(value: unknown): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && NEEDS_ESCAPE.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const text = doc.toString({
    indentSeq: false,
    lineWidth: 0,
    doubleQuotedAsJSON: true,
    doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  });
  // Strings holding such characters were forced into double quotes above, so escaping is safe.
  return NEEDS_ESCAPE.test(text) ? escapeYaml11Breaks(text) : text;
}

/** Several objects as one multi-document stream, in the given order. */
export function serializeDocuments(values: readonly unknown[]): string {
  return values.map(serializeObject).join('---\n');
}
