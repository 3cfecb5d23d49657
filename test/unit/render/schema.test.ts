import test from 'ava';
import type { KubeObject } from '../../../src/kube/objects/types.js';
import { schemaIssues } from '../../../src/render/schema.js';

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'kube-system', labels: { component: 'x', 'any/label': 'v' }, annotations: { 'a.b/c': 'd' }, creationTimestamp: null },
  spec: {
    hostNetwork: true,
    priority: 2000001000,
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'c',
        image: 'i',
        command: ['x'],
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
        livenessProbe: { httpGet: { host: '127.0.0.1', path: '/livez', port: 2381, scheme: 'HTTP' }, failureThreshold: 8 },
        env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
        volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true }],
      },
    ],
    volumes: [{ name: 'v', hostPath: { path: '/v', type: 'DirectoryOrCreate' } }],
  },
  status: {},
});

test('a valid Pod has no issues (maps such as labels and requests accept any key)', async (t) => {
  t.deepEqual(await schemaIssues(pod()), []);
});

const unknown = test.macro({
  async exec(t, mutate: (p: any) => void, path: string) {
    const p = pod();
    mutate(p);
    t.deepEqual(await schemaIssues(p), [{ path, message: 'unknown field' }]);
  },
  title: (title = '') => `unknown field: ${title}`,
});
test('spec.hostNetwrok', unknown, (p) => (p.spec.hostNetwrok = true), 'spec.hostNetwrok');
test('at the top level', unknown, (p) => (p.specs = {}), 'specs');
test('in metadata', unknown, (p) => (p.metadata.label = {}), 'metadata.label');
test('in a container', unknown, (p) => (p.spec.containers[0].imagePullPolcy = 'Always'), 'spec.containers[0].imagePullPolcy');
test('deep in a probe', unknown, (p) => (p.spec.containers[0].livenessProbe.httpGet.hots = 'x'), 'spec.containers[0].livenessProbe.httpGet.hots');
test('in a hostPath volume', unknown, (p) => (p.spec.volumes[0].hostPath.tpye = 'File'), 'spec.volumes[0].hostPath.tpye');
test('in a volume mount', unknown, (p) => (p.spec.containers[0].volumeMounts[0].readonly = true), 'spec.containers[0].volumeMounts[0].readonly');
test('in an env valueFrom', unknown, (p) => (p.spec.containers[0].env[0].valueFrom.fieldRef.path = 'x'), 'spec.containers[0].env[0].valueFrom.fieldRef.path');

test('type and enum errors are reported with their paths', async (t) => {
  const p = pod() as any;
  p.spec.priority = 'high';
  p.spec.containers[0].imagePullPolicy = 'Sometimes';
  delete p.spec.containers[0].name;
  const issues = await schemaIssues(p);
  t.deepEqual(issues.find((i) => i.path === 'spec.priority'), { path: 'spec.priority', message: 'must be integer' });
  t.regex(issues.find((i) => i.path === 'spec.containers[0].imagePullPolicy')?.message ?? '', /must be one of "Always", "IfNotPresent", "Never"/);
  t.deepEqual(issues.find((i) => i.path === 'spec.containers[0].name'), { path: 'spec.containers[0].name', message: 'required field is missing' });
});

test('other kinds validate too (apps/v1 Deployment, rbac ClusterRole)', async (t) => {
  t.deepEqual(await schemaIssues({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'c' }] } } } }), []);
  t.deepEqual(await schemaIssues({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ verbs: ['get'], resources: ['nodes'], apiGroups: [''], resourceNames: [] }] }), []);
  t.deepEqual(await schemaIssues({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: {}, template: {}, replicas: 2 } }), [{ path: 'spec.replicas', message: 'unknown field' }]);
});

test('an unknown kind or apiVersion is an issue, not a crash', async (t) => {
  t.regex((await schemaIssues({ apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x' } }))[0]!.message, /no Kubernetes schema/);
  t.regex((await schemaIssues({ apiVersion: '../../etc', kind: 'Pod', metadata: { name: 'x' } }))[0]!.message, /no Kubernetes schema/);
});

test('the object given is not modified', async (t) => {
  const p = pod();
  const before = JSON.stringify(p);
  await schemaIssues(p);
  t.is(JSON.stringify(p), before);
});
