import test from 'ava';
import { forUpdate } from '../../../../src/kube/objects/apply.js';
import type { KubeObject } from '../../../../src/kube/objects/types.js';

test('an update carries the resourceVersion and keeps a Service its cluster IPs', (t) => {
  const desired: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec: { ports: [{ port: 1 }] } };
  const existing: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'n', resourceVersion: '42' },
    spec: { clusterIP: '10.96.0.7', clusterIPs: ['10.96.0.7'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 2 }] },
  };
  const body = forUpdate(desired, existing);
  t.is(body.metadata.resourceVersion, '42');
  t.deepEqual(body['spec'], { ports: [{ port: 1 }], clusterIP: '10.96.0.7', clusterIPs: ['10.96.0.7'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  t.is(desired.metadata.resourceVersion, undefined, 'the desired object is not modified');
});

test('a Service that asks for its own cluster IP keeps it', (t) => {
  const desired: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '10.96.0.10' } };
  const body = forUpdate(desired, { ...desired, metadata: { name: 's', resourceVersion: '1' }, spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] } });
  t.is((body['spec'] as { clusterIP: string }).clusterIP, '10.96.0.10');
});

test('other kinds only get the resourceVersion', (t) => {
  const desired: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { a: 'b' } };
  t.deepEqual(forUpdate(desired, { ...desired, metadata: { name: 'c', namespace: 'n', resourceVersion: '9' }, data: {} }), {
    ...desired,
    metadata: { name: 'c', namespace: 'n', resourceVersion: '9' },
  });
});
