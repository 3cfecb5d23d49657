/**
 * The one place YAML is written. Each profile matches a format minikubeadm must reproduce:
 * - `kubeadm`: what sigs.k8s.io/yaml prints (keys sorted at every level, sequences not indented,
 *   no line folding): `config print`, kubeconfig files as clientcmd writes them;
 * - `component`: keys sorted, sequences indented, no folding: the uploaded ClusterConfiguration,
 *   the kubelet's config.yaml and the kube-proxy configuration (kept as these files have always
 *   been written, so existing nodes see no change);
 * - `manifest`: rendered Kubernetes objects, read back by the kubelet's YAML 1.1 parser: keys sorted,
 *   sequences not indented, strings quoted wherever YAML 1.1 could read them as something else;
 * - `report`: the library's defaults, for reports and dry-run listings meant for people.
 */
import { Document, Scalar, parse, stringify, visit } from 'yaml';

export type YamlProfile = 'kubeadm' | 'component' | 'manifest' | 'report';

/**
 * Characters a YAML 1.1 reader (the kubelet's) treats as line breaks or markers even inside quotes;
 * they are written as escapes so every reader sees the same string.
 */
const YAML11_BREAKS = /[\u0085\u2028\u2029\ufeff]/g;
const HAS_YAML11_BREAK = /[\u0085\u2028\u2029\ufeff]/;

export function escapeYaml11Breaks(text: string): string {
  return text.replace(YAML11_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Double-quoted scalars on one line, JSON escapes only. */
const ONE_LINE_QUOTES = { doubleQuotedAsJSON: true, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER } as const;

function manifest(value: unknown): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && HAS_YAML11_BREAK.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const text = doc.toString({ indentSeq: false, lineWidth: 0, ...ONE_LINE_QUOTES });
  // Strings holding such characters were forced into double quotes above, so escaping is safe.
  return HAS_YAML11_BREAK.test(text) ? escapeYaml11Breaks(text) : text;
}

/** `value` as YAML text in the given profile (ends with a newline). */
export function toYaml(value: unknown, profile: YamlProfile): string {
  switch (profile) {
    case 'kubeadm':
      return stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
    case 'component':
      return stringify(value, { sortMapEntries: true, lineWidth: 0 });
    case 'manifest':
      return manifest(value);
    case 'report':
      return stringify(value);
  }
}

/** Several objects as one multi-document stream (`---` between them), in the given order. */
export function toYamlStream(values: readonly unknown[], profile: YamlProfile): string {
  return values.map((v) => toYaml(v, profile)).join('---\n');
}

/** A string, number or boolean as a double-quoted YAML scalar on one line (the templates' `q`). */
export function quoteScalar(value: string | number | boolean): string {
  const node = new Scalar(String(value));
  node.type = 'QUOTE_DOUBLE';
  return escapeYaml11Breaks(stringify(node, { lineWidth: 0, ...ONE_LINE_QUOTES }).replace(/\n$/, ''));
}

/** Plain YAML (1.2 core schema) to a JS value; throws the parser's error. */
export function parseYaml(text: string): unknown {
  return parse(text);
}
