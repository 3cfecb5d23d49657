import { createHash } from 'node:crypto';
import test from 'ava';
import { parse } from 'yaml';
import { clusterConfigurationYaml, configMapChecksum, kubeadmConfigMap, kubeletConfigMap } from '../../../../src/kube/objects/config-maps.js';
import { testConfig } from '../../../helpers/config.js';

test('ClusterConfiguration as kubeadm uploads it: v1beta4, empty fields omitted, structs kept, keys sorted', (t) => {
  const cluster = testConfig('/etc/kubernetes').cluster;
  const text = clusterConfigurationYaml(cluster);
  const doc = parse(text) as Record<string, unknown>;
  t.deepEqual(Object.keys(doc), [...Object.keys(doc)].sort());
  t.is(doc['apiVersion'], 'kubeadm.k8s.io/v1beta4');
  t.is(doc['kind'], 'ClusterConfiguration');
  t.deepEqual(doc['apiServer'], {});
  t.deepEqual(doc['controllerManager'], {});
  t.deepEqual(doc['scheduler'], {});
  t.deepEqual(doc['dns'], {});
  t.deepEqual(doc['proxy'], {});
  t.deepEqual(doc['networking'], { dnsDomain: 'cluster.local', serviceSubnet: '10.96.0.0/12' });
  t.deepEqual(doc['etcd'], { local: { dataDir: '/etc/kubernetes/etcd' } });
  t.is(doc['certificateValidityPeriod'], '8760h0m0s');
  t.is(doc['caCertificateValidityPeriod'], '87600h0m0s');
  t.is(doc['encryptionAlgorithm'], 'RSA-2048');
  t.false('controlPlaneEndpoint' in doc);
  t.false('featureGates' in doc);
});

test('non-default fields appear in v1beta4 form', (t) => {
  const cluster = testConfig('/k', {
    cluster: {
      controlPlaneEndpoint: 'cp.example:6443',
      apiServer: { certSANs: ['cp.example'], extraArgs: [{ name: 'v', value: '2' }] },
      dns: { disabled: true },
      featureGates: { SomeGate: true },
      networking: { podSubnet: '10.244.0.0/16' },
    },
  }).cluster;
  const doc = parse(clusterConfigurationYaml(cluster)) as Record<string, Record<string, unknown>>;
  t.is(doc['controlPlaneEndpoint'] as unknown, 'cp.example:6443');
  t.deepEqual(doc['apiServer'], { certSANs: ['cp.example'], extraArgs: [{ name: 'v', value: '2' }] });
  t.deepEqual(doc['dns'], { disabled: true });
  t.deepEqual(doc['featureGates'], { SomeGate: true });
  t.is(doc['networking']!['podSubnet'], '10.244.0.0/16');
});

test('kubeadm-config ConfigMap', (t) => {
  const cm = kubeadmConfigMap(testConfig('/k').cluster);
  t.deepEqual([cm.metadata.namespace, cm.metadata.name, Object.keys(cm['data'] as object)], ['kube-system', 'kubeadm-config', ['ClusterConfiguration']]);
});

test('kubelet-config carries the component-config hash when kubeadm generated it', (t) => {
  const text = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
  const signed = kubeletConfigMap(text, true);
  t.deepEqual(signed.metadata.annotations, { 'kubeadm.kubernetes.io/component-config.hash': `sha256:${createHash('sha256').update(text).digest('hex')}` });
  t.is(kubeletConfigMap(text, false).metadata.annotations, undefined);
  t.deepEqual(Object.keys(signed['data'] as object), ['kubelet']);
});

test('checksum hashes values in key order', (t) => {
  t.is(configMapChecksum({ b: '2', a: '1' }), `sha256:${createHash('sha256').update('12').digest('hex')}`);
});
