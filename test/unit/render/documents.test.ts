import test from 'ava';
import { parse } from 'yaml';
import { DocumentError, parseDocuments, serializeDocuments, serializeObject } from '../../../src/render/documents.js';
import { HOSTILE_VALUES } from './corpus.js';

test('parses every document, dropping empty ones', (t) => {
  const docs = parseDocuments('---\napiVersion: v1\nkind: ConfigMap\n---\n# nothing\n---\napiVersion: v1\nkind: Service\n');
  t.deepEqual(docs.map((d) => d.kind), ['ConfigMap', 'Service']);
  t.deepEqual(parseDocuments(''), []);
});

const rejects = test.macro({
  exec(t, text: string, pattern: RegExp) {
    const e = t.throws(() => parseDocuments(text), { instanceOf: DocumentError });
    t.regex(e!.message, pattern);
  },
  title: (title = '') => `rejects ${title}`,
});
test('invalid YAML', rejects, 'apiVersion: v1\nkind: Pod\n  bad: indent\n', /./);
test('duplicate keys', rejects, 'apiVersion: v1\nkind: Pod\nkind: Pod\n', /unique|duplicate/i);
test('anchors and aliases', rejects, 'apiVersion: v1\nkind: Pod\nmetadata: &m {name: x}\nspec: *m\n', /anchors and aliases/);
test('a document that is not a mapping', rejects, 'apiVersion: v1\nkind: Pod\n---\n- a\n', /document 2: expected a mapping/);
test('an object without apiVersion/kind', rejects, 'metadata: {}\n', /apiVersion and kind/);
test('unknown tags', rejects, 'apiVersion: v1\nkind: !foo Pod\n', /tag/i);

test('serialises with sorted keys, unindented sequences, and kubeadm-style scalars', (t) => {
  const text = serializeObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x', creationTimestamp: null }, spec: { list: ['--a=1', 'b'], n: 5, flag: true }, status: {} });
  t.is(
    text,
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  creationTimestamp: null',
      '  name: x',
      'spec:',
      '  flag: true',
      '  list:',
      '  - --a=1',
      '  - b',
      '  "n": 5',
      'status: {}',
      '',
    ].join('\n'),
  );
});

test('strings a YAML 1.1 reader would take for something else are quoted', (t) => {
  const text = serializeObject({ a: 'yes', b: 'on', c: '0777', d: '2001-12-14', e: 'y', f: '1e3', g: 'plain' });
  for (const v of ['yes', 'on', '0777', '2001-12-14', 'y', '1e3']) t.true(text.includes(`"${v}"`), v);
  t.true(text.includes('g: plain'));
});

test('every hostile string round-trips through serialisation (YAML 1.1 and 1.2 readers)', (t) => {
  const value = { apiVersion: 'v1', kind: 'ConfigMap', data: Object.fromEntries(HOSTILE_VALUES.map((v, i) => [`k${String(i).padStart(2, '0')}`, v])) };
  const text = serializeObject(value);
  t.false(/[\u0085\u2028\u2029\ufeff]/.test(text));
  for (const version of ['1.1', '1.2'] as const) t.deepEqual(parse(text, { version }), value, version);
});

test('multi-document output keeps the order', (t) => {
  const text = serializeDocuments([{ apiVersion: 'v1', kind: 'B' }, { apiVersion: 'v1', kind: 'A' }]);
  t.is(text, 'apiVersion: v1\nkind: B\n---\napiVersion: v1\nkind: A\n');
  t.deepEqual(parseDocuments(text).map((d) => d.kind), ['B', 'A']);
});
