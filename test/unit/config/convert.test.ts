import test from 'ava';
import { convertToV1beta4, type RawDocuments } from '../../../src/config/convert.js';
import { Reporter } from '../../../src/config/report.js';
import { V3, doc, load } from './helpers.js';

const v3 = 'kubeadm.k8s.io/v1beta3';

test('extraArgs maps become name/value lists sorted by name', (t) => {
  const docs: RawDocuments = {
    ClusterConfiguration: {
      apiVersion: v3,
      body: {
        apiServer: { extraArgs: { 'v': '2', 'audit-log-path': '/var/log/a.log', 'enable-admission-plugins': 'NodeRestriction' } },
        controllerManager: { extraArgs: { 'node-cidr-mask-size-ipv4': '25' } },
        scheduler: {},
        etcd: { local: { extraArgs: { 'quota-backend-bytes': '8589934592', 'auto-compaction-retention': '8' } } },
      },
    },
    InitConfiguration: { apiVersion: v3, body: { nodeRegistration: { kubeletExtraArgs: { 'node-ip': '10.0.0.2', 'max-pods': '200' } } } },
  };
  convertToV1beta4(docs, new Reporter(undefined));
  const c = docs.ClusterConfiguration!.body as any;
  t.deepEqual(c.apiServer.extraArgs, [
    { name: 'audit-log-path', value: '/var/log/a.log' },
    { name: 'enable-admission-plugins', value: 'NodeRestriction' },
    { name: 'v', value: '2' },
  ]);
  t.deepEqual(c.controllerManager.extraArgs, [{ name: 'node-cidr-mask-size-ipv4', value: '25' }]);
  t.is(c.scheduler.extraArgs, undefined);
  t.deepEqual(c.etcd.local.extraArgs.map((a: any) => a.name), ['auto-compaction-retention', 'quota-backend-bytes']);
  t.deepEqual((docs.InitConfiguration!.body as any).nodeRegistration.kubeletExtraArgs, [
    { name: 'max-pods', value: '200' },
    { name: 'node-ip', value: '10.0.0.2' },
  ]);
});

test('timeoutForControlPlane moves to the init and join timeouts; discovery.timeout to timeouts.discovery', (t) => {
  const docs: RawDocuments = {
    ClusterConfiguration: { apiVersion: v3, body: { apiServer: { timeoutForControlPlane: '6m' } } },
    JoinConfiguration: { apiVersion: v3, body: { discovery: { timeout: '7m', bootstrapToken: {} } } },
  };
  convertToV1beta4(docs, new Reporter(undefined));
  t.deepEqual((docs.ClusterConfiguration!.body as any).apiServer, {});
  t.deepEqual((docs.InitConfiguration!.body as any).timeouts, { controlPlaneComponentHealthCheck: '6m' });
  t.deepEqual((docs.JoinConfiguration!.body as any).timeouts, { discovery: '7m', controlPlaneComponentHealthCheck: '6m' });
  t.deepEqual((docs.JoinConfiguration!.body as any).discovery, { bootstrapToken: {} });
});

test('v1beta4 documents are left alone', (t) => {
  const body = { apiServer: { extraArgs: [{ name: 'b', value: '1' }, { name: 'a', value: '2' }] } };
  const docs: RawDocuments = { ClusterConfiguration: { apiVersion: 'kubeadm.k8s.io/v1beta4', body: structuredClone(body) } };
  convertToV1beta4(docs, new Reporter(undefined));
  t.deepEqual(docs.ClusterConfiguration!.body, body);
});

test('a whole v1beta3 file loads into the v1beta4 shape, with a deprecation warning', async (t) => {
  const yaml = [
    doc('InitConfiguration', 'nodeRegistration:\n  kubeletExtraArgs:\n    node-ip: 192.0.2.10\n    cgroup-driver: systemd\n', V3),
    doc('ClusterConfiguration', 'kubernetesVersion: v1.36.0\napiServer:\n  timeoutForControlPlane: 8m\n  extraArgs:\n    v: "3"\n', V3),
  ].join('---\n');
  const { config, warnings } = await load(yaml);
  t.deepEqual(config.init.nodeRegistration.kubeletExtraArgs, [
    { name: 'cgroup-driver', value: 'systemd' },
    { name: 'node-ip', value: '192.0.2.10' },
  ]);
  t.is(config.init.timeouts.controlPlaneComponentHealthCheck.text, '8m0s');
  t.is(config.init.timeouts.kubeletHealthCheck.text, '4m0s');
  t.deepEqual(config.cluster.apiServer.extraArgs, [{ name: 'v', value: '3' }]);
  t.regex(warnings, /\[config\] WARNING: InitConfiguration uses the deprecated API version kubeadm\.k8s\.io\/v1beta3/);
});

test('v1beta3 is refused for Kubernetes v1.37 (the default), with config migrate as the way out', async (t) => {
  const yaml = doc('ClusterConfiguration', 'clusterName: old\n', V3);
  const err = await t.throwsAsync(load(yaml));
  t.regex(err!.message, /ClusterConfiguration\.apiVersion: kubeadm\.k8s\.io\/v1beta3 was removed in Kubernetes v1\.37: run `minikubeadm config migrate --old-config \S+` to rewrite it as kubeadm\.k8s\.io\/v1beta4/);
  const migrated = await load(yaml, { readRemovedAPI: true });
  t.is(migrated.config.cluster.clusterName, 'old');
});

test('errors in converted v1beta3 values point at the field and line the user wrote', async (t) => {
  const yaml = doc('ClusterConfiguration', 'apiServer:\n  timeoutForControlPlane: soon\n  extraArgs:\n    --v: "3"\n', V3);
  const { issuesOf } = await import('./helpers.js');
  const issues = await issuesOf(t, yaml);
  const byPath = Object.fromEntries(issues.map((i) => [i.path, i.source]));
  t.true(byPath['ClusterConfiguration.apiServer.timeoutForControlPlane']?.endsWith(':4'));
  t.true(byPath['ClusterConfiguration.apiServer.extraArgs.--v']?.endsWith(':6'));
});
