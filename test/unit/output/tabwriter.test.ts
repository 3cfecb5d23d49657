/** Go's tabwriter layout, checked against kubeadm's own output. */
import test from 'ava';
import { shortHumanDuration } from '../../../src/output/human-duration.js';
import { kubeadmTableDate, printObjects, rfc3339 } from '../../../src/output/printer.js';
import { tabwrite } from '../../../src/output/tabwriter.js';

test('columns are as wide as their widest cell plus padding, at least minwidth; the last cell is not padded', (t) => {
  t.is(tabwrite('a\tbb\tlast\nccc\td\tx\n'), 'a         bb        last\nccc       d         x\n');
  t.is(tabwrite('a-rather-long-cell\tb\n'), 'a-rather-long-cell   b\n');
});

test('an empty line ends the column blocks, so the tables after it align on their own', (t) => {
  const text = 'CERTIFICATE\tEXPIRES\nadmin.conf-is-long\tx\n\nCA\tEXPIRES\nca\ty\n';
  t.is(tabwrite(text), 'CERTIFICATE          EXPIRES\nadmin.conf-is-long   x\n\nCA        EXPIRES\nca        y\n');
});

test('the check-expiration layout of real kubeadm v1.20.2, missing rows included', (t) => {
  const rows = [
    'CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED',
    '!MISSING! admin.conf\t\t\t\t',
    `apiserver\tDec 01, 2027 22:05 UTC\t364d\tca\t${'no'.padEnd(8)}`,
    '!MISSING! controller-manager.conf\t\t\t\t',
    '',
    'CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED',
    `ca\tNov 28, 2036 22:05 UTC\t9y\t${'no'.padEnd(8)}`,
  ];
  // Copied from `kubeadm certs check-expiration` (v1.20.2) on a tree made by `kubeadm init phase certs all`.
  const expected = [
    'CERTIFICATE                         EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED',
    '!MISSING! admin.conf                                                                                 ',
    'apiserver                           Dec 01, 2027 22:05 UTC   364d            ca                      no      ',
    '!MISSING! controller-manager.conf                                                                    ',
    '',
    'CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED',
    'ca                      Nov 28, 2036 22:05 UTC   9y              no      ',
  ];
  t.is(tabwrite(`${rows.join('\n')}\n`), `${expected.join('\n')}\n`);
});

test('widths count characters, not bytes', (t) => {
  t.is(tabwrite('ü\tx\n'), 'ü         x\n');
});

const S = 1000;
const H = 3600 * S;
test('ShortHumanDuration as apimachinery rounds it', (t) => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1 * S, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [59 * S, '59s'],
    [60 * S, '1m'],
    [59 * 60 * S + 59 * S, '59m'],
    [23 * H + 59 * 60 * S, '23h'],
    [24 * H, '1d'],
    [364 * 24 * H + 23 * H, '364d'],
    [365 * 24 * H, '1y'],
    [9.99 * 365 * 24 * H, '9y'],
  ];
  for (const [ms, text] of cases) t.is(shortHumanDuration(ms), text, String(ms));
});

test('dates as kubeadm prints them', (t) => {
  t.is(kubeadmTableDate(new Date('2027-02-18T05:26:59Z')), 'Feb 18, 2027 05:26 UTC');
  t.is(kubeadmTableDate(new Date('2036-12-01T00:00:00Z')), 'Dec 01, 2036 00:00 UTC');
  t.is(rfc3339(new Date('2027-02-18T05:26:59.123Z')), '2027-02-18T05:26:59Z');
});

test('JSON objects are indented by four spaces, one after the other; YAML ones sorted and separated by ---', (t) => {
  const objs = [{ kind: 'K', apiVersion: 'v', b: [1], a: null }, { kind: 'K', apiVersion: 'v' }];
  t.is(printObjects(objs, 'json'), '{\n    "kind": "K",\n    "apiVersion": "v",\n    "b": [\n        1\n    ],\n    "a": null\n}\n{\n    "kind": "K",\n    "apiVersion": "v"\n}\n');
  t.is(printObjects(objs, 'yaml'), 'a: null\napiVersion: v\nb:\n- 1\nkind: K\n---\napiVersion: v\nkind: K\n');
});
