import test from 'ava';
import { type CompareOptions, isContainedIn } from '../../../../src/kube/objects/compare.js';

const contained = test.macro((t, desired: unknown, actual: unknown, expected: boolean, options: CompareOptions = {}) => {
  t.is(isContainedIn(desired, actual, options), expected);
});

test('server defaults and bookkeeping do not count', contained,
  { kind: 'Service', metadata: { name: 'a', labels: { x: '1' } }, spec: { ports: [{ port: 53 }] } },
  { kind: 'Service', metadata: { name: 'a', labels: { x: '1', y: '2' }, resourceVersion: '7', uid: 'u' }, spec: { ports: [{ port: 53, protocol: 'TCP' }], clusterIP: '10.96.0.10' } },
  true);
test('a changed scalar counts', contained, { spec: { replicas: 2 } }, { spec: { replicas: 3 } }, false);
test('arrays must match in length and order', contained, { a: [1, 2] }, { a: [2, 1] }, false);
test('an extra array element counts', contained, { a: [1] }, { a: [1, 2] }, false);
test('empty values equal absent ones', contained, { a: [], b: '', c: {}, d: null }, {}, true);
test('an empty map may come back with defaults', contained, { securityContext: {} }, { securityContext: { runAsNonRoot: false } }, true);
test('an empty string must stay empty', contained, { a: '' }, { a: 'x' }, false);
test('exact maps notice a dropped key', contained, { data: { a: '1' } }, { data: { a: '1', b: '2' } }, false, { exactMaps: ['data'] });
test('exact maps may ignore keys others own', contained, { data: { kubeconfig: 'k' } }, { data: { kubeconfig: 'k', 'jws-kubeconfig-abcdef': 's' } }, true,
  { exactMaps: ['data'], ignoreExtraKey: (_p: string, k: string) => k.startsWith('jws-kubeconfig-') });
test('false and 0 come back absent (omitempty)', contained, { readOnly: false, n: 0 }, {}, true);
test('but a present value must match', contained, { readOnly: false }, { readOnly: true }, false);
test('types must agree', contained, { port: 53 }, { port: '53' }, false);
