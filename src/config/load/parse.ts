/**
 * Load stage: kubeadm's multi-document YAML into plain objects, one per document, with the line of
 * every field (`InitConfiguration.bootstrapTokens[0].ttl` → 7) so later stages can point at it.
 * YAML 1.1 rules, like kubeadm's sigs.k8s.io/yaml (`yes` is a boolean); duplicate keys are errors
 * (named), and so are files over MAX_CONFIG_BYTES and nesting over MAX_NESTING.
 */
import { readRegularFile } from '../../read-file.js';
import { LineCounter, type Node, type ScalarTag, type Tags, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
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

/** A kubeadm config is a few KiB; anything beyond this is refused unread (parse cost, memory). */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

/** The bytes as text; invalid UTF-8 (binary garbage, a Latin-1 file) is refused, not turned into U+FFFD. */
function utf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MinikubeadmError('CONFIG_READ', `unable to read config file ${JSON.stringify(file)}: it is not UTF-8 text`, {
      hint: 'a kubeadm configuration is YAML in UTF-8; check that --config names the file you meant',
    });
  }
}

/** Read the file or fail with CONFIG_READ naming it. */
export async function readConfigFile(file: string): Promise<string> {
  try {
    const read = await readRegularFile(file, MAX_CONFIG_BYTES);
    if (read === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return utf8(read.bytes, file);
  } catch (e) {
    if (e instanceof MinikubeadmError) {
      throw new MinikubeadmError('CONFIG_READ', `unable to read config file ${JSON.stringify(file)}: ${e.message}`, {
        hint: 'give --config a regular YAML file of at most 2 MiB',
      });
    }
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

/** Deeper than any kubeadm document; a deeper file is a mistake or an attack on the parser. */
export const MAX_NESTING = 32;

/** The document's `kind` when it is a plain scalar at the top, for paths in messages. */
function kindOf(node: Node): string | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
  return pair && isScalar(pair.value) && typeof pair.value.value === 'string' && pair.value.value !== '' ? pair.value.value : undefined;
}

/**
 * Duplicate keys (named, with both lines), keys that are not strings, and nesting beyond
 * MAX_NESTING, in one pass: a set per mapping keeps it linear (the YAML library's own uniqueKeys
 * check compares every pair with every other one, quadratic in the number of keys).
 */
function structureIssues(root: Node, where: string, lc: LineCounter, file: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const lineOf = (n: Node | null | undefined): number | undefined => (n?.range ? lc.linePos(n.range[0]).line : undefined);
  const walk = (node: Node | null | undefined, path: string, depth: number): void => {
    if (!node || issues.length >= 20) return;
    if ((isMap(node) || isSeq(node)) && depth > MAX_NESTING) {
      issues.push({ path, message: `is nested more than ${MAX_NESTING} levels deep`, source: `${file}:${lineOf(node) ?? 1}` });
      return;
    }
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) {
          // A sequence, mapping or alias as a key (`? [a, b]`): no kubeadm field is one.
          issues.push({ path, message: 'has a key that is not a plain string (a sequence, mapping or alias used as a key): write the field name as text', source: `${file}:${lineOf(keyNode) ?? lineOf(node) ?? 1}` });
          continue;
        }
        const child = `${path}.${key}`;
        if (seen.has(key)) {
          const first = seen.get(key);
          issues.push({ path: child, message: `duplicate key ${JSON.stringify(key)}${first === undefined ? '' : ` (first at line ${first})`}: keep one`, source: `${file}:${lineOf(keyNode) ?? 1}` });
          continue;
        }
        seen.set(key, lineOf(keyNode));
        walk(pair.value as Node | null, child, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node | null, `${path}[${i}]`, depth + 1));
    }
  };
  walk(root, kindOf(root) ?? where, 1);
  return issues;
}

/**
 * The YAML library's YAML 1.1 exponent floats also match words such as `e0` or `E5` (no digit
 * before the exponent) and read them as NaN; kubeadm's parser (go-yaml) keeps those as strings, so
 * `clusterName: e0` is a name. The exponent form here needs a digit first, as go-yaml's does.
 */
const EXPONENT_FLOAT = /^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)[eE][-+]?[0-9]+$/;

function strictExponentFloats(tags: Tags): Tags {
  return tags.map((t): Tags[number] => (typeof t === 'object' && !('collection' in t && t.collection) && t.tag === 'tag:yaml.org,2002:float' && t.format === 'EXP' ? ({ ...t, test: EXPONENT_FLOAT } as ScalarTag) : t));
}

/** Parse the text of a config file. Problems come back as issues, never thrown. */
export function parseConfigText(text: string, file: string): LoadResult {
  const lc = new LineCounter();
  const issues: FieldIssue[] = [];
  const documents: LoadedDocument[] = [];
  const lines = new Map<string, number>();
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    issues.push({ path: 'document', message: `the file is larger than ${MAX_CONFIG_BYTES / (1024 * 1024)} MiB: a kubeadm configuration is a few KiB`, source: `${file}:1` });
    return { documents, lines, issues };
  }
  const docs = parseAllDocuments(text, { lineCounter: lc, version: '1.1', uniqueKeys: false, prettyErrors: false, customTags: strictExponentFloats });
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
    const structural = structureIssues(doc.contents as Node, where, lc, file);
    if (structural.length > 0) {
      issues.push(...structural);
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
