/**
 * Load stage: kubeadm's multi-document YAML into plain objects, one per document, with the line of
 * every field (`InitConfiguration.bootstrapTokens[0].ttl` → 7) so later stages can point at it.
 * YAML 1.1 rules, like kubeadm's sigs.k8s.io/yaml (`yes` is a boolean); duplicate keys are errors.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, type Node, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { MinikubeadmError, messageOf } from '../../errors.js';
import type { FieldIssue } from '../../errors.js';

export interface LoadedDocument {
  /** 1-based position in the file. */
  index: number;
  kind: string;
  apiVersion: string;
  body: Record<string, unknown>;
  line: number;
}

export interface LoadResult {
  documents: LoadedDocument[];
  /** `<kind>.<field path>` → 1-based line. */
  lines: Map<string, number>;
  issues: FieldIssue[];
}

/** Read the file or fail with CONFIG_READ naming it. */
export async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : messageOf(e);
    throw new MinikubeadmError('CONFIG_READ', `unable to read config file ${JSON.stringify(file)}: ${why}`, {
      hint: 'check the path given to --config; `minikubeadm config print init-defaults > cluster.yaml` writes a starting point',
    });
  }
}

function recordLines(node: Node | null | undefined, path: string, lc: LineCounter, lines: Map<string, number>): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const child = path === '' ? key : `${path}.${key}`;
      const keyNode = pair.key as Node;
      if (keyNode.range) lines.set(child, lc.linePos(keyNode.range[0]).line);
      recordLines(pair.value as Node | null, child, lc, lines);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const child = `${path}[${i}]`;
      const n = item as Node;
      if (n && n.range) lines.set(child, lc.linePos(n.range[0]).line);
      recordLines(n, child, lc, lines);
    });
  }
}

const firstLine = (s: string): string => s.split('\n')[0]!.trim();

/** Parse the text of a config file. Problems come back as issues, never thrown. */
export function parseConfigText(text: string, file: string): LoadResult {
  const lc = new LineCounter();
  const issues: FieldIssue[] = [];
  const documents: LoadedDocument[] = [];
  const lines = new Map<string, number>();
  const docs = parseAllDocuments(text, { lineCounter: lc, version: '1.1', uniqueKeys: true, prettyErrors: false });
  let index = 0;
  for (const doc of docs) {
    index++;
    const where = `document ${index}`;
    const startLine = doc.contents?.range ? lc.linePos(doc.contents.range[0]).line : doc.range ? lc.linePos(doc.range[0]).line : 1;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const line = err.linePos?.[0].line ?? lc.linePos(err.pos[0]).line;
        issues.push({ path: where, message: `YAML syntax error: ${firstLine(err.message)}`, source: `${file}:${line}` });
      }
      continue;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue; // empty document
    if (!isMap(doc.contents)) {
      issues.push({ path: where, message: 'must be a mapping with apiVersion and kind', source: `${file}:${startLine}` });
      continue;
    }
    let body: unknown;
    try {
      body = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      issues.push({ path: where, message: `YAML error: ${firstLine(messageOf(e))}`, source: `${file}:${startLine}` });
      continue;
    }
    const obj = body as Record<string, unknown>;
    const kind = obj['kind'];
    const apiVersion = obj['apiVersion'];
    if (typeof kind !== 'string' || kind === '') {
      issues.push({ path: `${where}.kind`, message: 'is required (e.g. kind: InitConfiguration)', source: `${file}:${startLine}` });
      continue;
    }
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      issues.push({ path: `${kind}.apiVersion`, message: 'is required (e.g. apiVersion: kubeadm.k8s.io/v1beta4)', source: `${file}:${startLine}` });
      continue;
    }
    const docLines = new Map<string, number>();
    recordLines(doc.contents as Node, '', lc, docLines);
    if (!lines.has(kind)) {
      lines.set(kind, startLine);
      for (const [p, l] of docLines) lines.set(`${kind}.${p}`, l);
    }
    documents.push({ index, kind, apiVersion, body: obj, line: startLine });
  }
  return { documents, lines, issues };
}
