import test from 'ava';
import { parse } from 'yaml';
import { yamlInt, yamlJson, yamlQuote } from '../../../src/render/quote.js';
import { HOSTILE_VALUES } from './corpus.js';

test('q: every hostile value is one line and reads back as itself under YAML 1.2 and 1.1, adding no keys', (t) => {
  for (const value of HOSTILE_VALUES) {
    const quoted = yamlQuote(value);
    t.false(quoted.includes('\n'), JSON.stringify(value));
    t.true(quoted.startsWith('"') && quoted.endsWith('"'), JSON.stringify(value));
    for (const version of ['1.2', '1.1'] as const) {
      const doc = parse(`a: ${quoted}\nb: 1\n`, { version }) as Record<string, unknown>;
      t.deepEqual(Object.keys(doc), ['a', 'b'], JSON.stringify(value));
      t.is(doc['a'], value, JSON.stringify(value));
    }
  }
});

test('q: characters YAML 1.1 treats as line breaks are escaped', (t) => {
  t.is(yamlQuote('a\u2028b'), '"a\\u2028b"');
  t.is(yamlQuote('a\u0085b'), '"a\\u0085b"');
});

test('q: numbers and booleans become strings; anything else is refused', (t) => {
  t.is(yamlQuote(6443), '"6443"');
  t.is(yamlQuote(true), '"true"');
  for (const bad of [undefined, null, {}, [], () => 1]) t.throws(() => yamlQuote(bad));
  t.regex(t.throws(() => yamlQuote(undefined))!.message, /missing field/);
});

test('int: integers only', (t) => {
  t.is(yamlInt(2379), '2379');
  t.is(yamlInt(-1), '-1');
  for (const bad of [1.5, '2379', NaN, undefined, null]) t.throws(() => yamlInt(bad));
});

test('json: a flow collection that reads back as the same value', (t) => {
  const value = { fieldRef: { fieldPath: 'status.podIP' }, odd: 'x: y\n- z', list: [1, 'two'] };
  const doc = parse(`v: ${yamlJson(value)}\nw: 2\n`) as Record<string, unknown>;
  t.deepEqual(doc, { v: value, w: 2 });
  t.throws(() => yamlJson(undefined));
});
