import test from 'ava';
import { controllerManagerCommand, controllerManagerPod } from '../../../src/manifests/kube-controller-manager.js';
import { DEFAULT_FLEXVOLUME_DIR } from '../../../src/manifests/volumes.js';
import { PKI, ROOT, flag, flags, inputsFor } from './helpers.js';

const KC = `${ROOT}/controller-manager.conf`;

test('default flags are the 14 of kubeadm, sorted, with this run\'s paths', (t) => {
  const command = controllerManagerCommand(inputsFor());
  t.is(command[0], 'kube-controller-manager');
  t.deepEqual(flags(command), [
    `--authentication-kubeconfig=${KC}`,
    `--authorization-kubeconfig=${KC}`,
    '--bind-address=127.0.0.1',
    `--client-ca-file=${PKI}/ca.crt`,
    '--cluster-name=kubernetes',
    `--cluster-signing-cert-file=${PKI}/ca.crt`,
    `--cluster-signing-key-file=${PKI}/ca.key`,
    '--controllers=*,bootstrapsigner,tokencleaner',
    `--kubeconfig=${KC}`,
    '--leader-elect=true',
    `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
    `--root-ca-file=${PKI}/ca.crt`,
    `--service-account-private-key-file=${PKI}/sa.key`,
    '--use-service-account-credentials=true',
  ]);
});

test('a pod subnet adds allocate-node-cidrs, cluster-cidr and service-cluster-ip-range', (t) => {
  const command = controllerManagerCommand(inputsFor({ cluster: { networking: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12' } } }));
  t.is(flag(command, 'allocate-node-cidrs'), 'true');
  t.is(flag(command, 'cluster-cidr'), '10.244.0.0/16');
  t.is(flag(command, 'service-cluster-ip-range'), '10.96.0.0/12');
  t.is(flags(command).length, 17);
  t.deepEqual(flags(command), [...flags(command)].sort());
});

test('dual-stack subnets are passed through as given', (t) => {
  const command = controllerManagerCommand(inputsFor({ cluster: { networking: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/16,fd00:10:96::/112' } } }));
  t.is(flag(command, 'cluster-cidr'), '10.244.0.0/16,fd00:10:244::/56');
  t.is(flag(command, 'service-cluster-ip-range'), '10.96.0.0/16,fd00:10:96::/112');
});

test('cluster name comes from the config', (t) => {
  t.is(flag(controllerManagerCommand(inputsFor({ cluster: { clusterName: 'prod-eu' } })), 'cluster-name'), 'prod-eu');
});

test('external CA mode empties the signing files', (t) => {
  const command = controllerManagerCommand(inputsFor({}, { externalCA: true }));
  t.true(command.includes('--cluster-signing-cert-file='));
  t.true(command.includes('--cluster-signing-key-file='));
});

test('extraArgs override defaults', (t) => {
  const command = controllerManagerCommand(inputsFor({ cluster: { controllerManager: { extraArgs: [{ name: 'controllers', value: '*' }, { name: 'node-cidr-mask-size', value: '25' }] } } }));
  t.is(flag(command, 'controllers'), '*');
  t.is(flag(command, 'node-cidr-mask-size'), '25');
  t.is(command.filter((c) => c.startsWith('--controllers=')).length, 1);
});

test('probes target 127.0.0.1:10257 over HTTPS, or the bind-address extraArg', (t) => {
  const { pod } = controllerManagerPod(inputsFor());
  t.deepEqual(pod.ports, [{ name: 'probe-port', containerPort: 10257 }]);
  t.deepEqual(pod.probes.liveness, { host: '127.0.0.1', path: '/healthz', port: 10257, portName: 'probe-port', scheme: 'HTTPS', initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 8, periodSeconds: 10 });
  t.is(pod.probes.readiness, null);
  t.deepEqual(pod.probes.startup, { ...pod.probes.liveness, failureThreshold: 24 });
  const bound = controllerManagerPod(inputsFor({ cluster: { controllerManager: { extraArgs: [{ name: 'bind-address', value: '10.0.0.5' }] } } })).pod;
  t.is(bound.probes.liveness.host, '10.0.0.5');
  t.is(bound.probes.startup.host, '10.0.0.5');
  const any = controllerManagerPod(inputsFor({ cluster: { controllerManager: { extraArgs: [{ name: 'bind-address', value: '0.0.0.0' }] } } })).pod;
  t.is(any.probes.liveness.host, '');
});

test('volumes: certs, ca-certs, kubeconfig (file), writable flexvolume dir, host CA dirs', (t) => {
  const { pod } = controllerManagerPod(inputsFor({}, { existingCADirs: ['/etc/pki/ca-trust', '/etc/ca-certificates'] }));
  t.deepEqual(pod.volumes, [
    { name: 'ca-certs', hostPath: '/etc/ssl/certs', type: 'DirectoryOrCreate' },
    { name: 'etc-ca-certificates', hostPath: '/etc/ca-certificates', type: 'DirectoryOrCreate' },
    { name: 'etc-pki-ca-trust', hostPath: '/etc/pki/ca-trust', type: 'DirectoryOrCreate' },
    { name: 'flexvolume-dir', hostPath: DEFAULT_FLEXVOLUME_DIR, type: 'DirectoryOrCreate' },
    { name: 'k8s-certs', hostPath: PKI, type: 'DirectoryOrCreate' },
    { name: 'kubeconfig', hostPath: KC, type: 'FileOrCreate' },
  ]);
  t.deepEqual(
    pod.volumeMounts.map((m) => [m.name, m.readOnly]),
    [
      ['ca-certs', true],
      ['etc-ca-certificates', true],
      ['etc-pki-ca-trust', true],
      ['flexvolume-dir', false],
      ['k8s-certs', true],
      ['kubeconfig', true],
    ],
  );
});

test('the flex-volume-plugin-dir extraArg moves the flexvolume mount', (t) => {
  const { pod } = controllerManagerPod(inputsFor({ cluster: { controllerManager: { extraArgs: [{ name: 'flex-volume-plugin-dir', value: '/opt/flex' }] } } }));
  t.deepEqual(pod.volumes.find((v) => v.name === 'flexvolume-dir'), { name: 'flexvolume-dir', hostPath: '/opt/flex', type: 'DirectoryOrCreate' });
  t.deepEqual(pod.volumeMounts.find((v) => v.name === 'flexvolume-dir'), { name: 'flexvolume-dir', mountPath: '/opt/flex', readOnly: false });
});

test('no annotations, 200m cpu', (t) => {
  const { pod } = controllerManagerPod(inputsFor());
  t.deepEqual(pod.annotations, []);
  t.deepEqual(pod.resources, { cpu: '200m', memory: '' });
});
