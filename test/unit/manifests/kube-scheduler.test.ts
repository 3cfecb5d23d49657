import test from 'ava';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/config/constants.js';
import { schedulerCommand, schedulerPod } from '../../../src/manifests/kube-scheduler.js';
import { ROOT, flag, flags, inputsFor } from './helpers.js';

const KC = `${ROOT}/scheduler.conf`;

test('default flags are the 5 of kubeadm, sorted', (t) => {
  const command = schedulerCommand(inputsFor());
  t.is(command[0], 'kube-scheduler');
  t.deepEqual(flags(command), [`--authentication-kubeconfig=${KC}`, `--authorization-kubeconfig=${KC}`, '--bind-address=127.0.0.1', `--kubeconfig=${KC}`, '--leader-elect=true']);
});

const EXTRA = [
  { name: 'leader-elect', value: 'false' },
  { name: 'config', value: '/etc/kubernetes/sched.yaml' },
];

test('extraArgs override and extend, sorted in (before v1.35.1)', (t) => {
  const command = schedulerCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.35.0', scheduler: { extraArgs: EXTRA } } }));
  t.deepEqual(flags(command), [`--authentication-kubeconfig=${KC}`, `--authorization-kubeconfig=${KC}`, '--bind-address=127.0.0.1', '--config=/etc/kubernetes/sched.yaml', `--kubeconfig=${KC}`, '--leader-elect=false']);
});

test('extraArgs override and extend, after the sorted defaults in the order given (v1.35.1+)', (t) => {
  const command = schedulerCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.35.1', scheduler: { extraArgs: EXTRA } } }));
  t.deepEqual(flags(command), [`--authentication-kubeconfig=${KC}`, `--authorization-kubeconfig=${KC}`, '--bind-address=127.0.0.1', `--kubeconfig=${KC}`, '--leader-elect=false', '--config=/etc/kubernetes/sched.yaml']);
  t.deepEqual(flags(schedulerCommand(inputsFor({ cluster: { scheduler: { extraArgs: EXTRA } } }))), flags(command), 'the default version keeps the order too');
});

test('probes on 10259 over HTTPS; bind-address extraArg moves them', (t) => {
  const { pod } = schedulerPod(inputsFor());
  t.is(pod.probes.liveness.port, 10259);
  t.is(pod.probes.liveness.scheme, 'HTTPS');
  t.is(pod.probes.liveness.path, '/healthz');
  t.is(pod.probes.startup.path, '/healthz');
  t.is(pod.probes.readiness, null);
  t.is(pod.probes.liveness.host, '127.0.0.1');
  const v6 = schedulerPod(inputsFor({ cluster: { scheduler: { extraArgs: [{ name: 'bind-address', value: '::' }] } } })).pod;
  t.is(v6.probes.liveness.host, '');
  t.is(flag(v6.command, 'bind-address'), '::');
});

test('one kubeconfig volume (file, read-only), 100m cpu, the scheduler image', (t) => {
  const { pod } = schedulerPod(inputsFor());
  t.deepEqual(pod.volumes, [{ name: 'kubeconfig', hostPath: KC, type: 'FileOrCreate' }]);
  t.deepEqual(pod.volumeMounts, [{ name: 'kubeconfig', mountPath: KC, readOnly: true }]);
  t.deepEqual(pod.resources, { cpu: '100m', memory: '' });
  t.is(pod.image, `registry.k8s.io/kube-scheduler:${DEFAULT_KUBERNETES_VERSION}`);
});

test('user extraVolumes keep their pathType and readOnly', (t) => {
  const { pod } = schedulerPod(inputsFor({ cluster: { scheduler: { extraVolumes: [{ name: 'cfg', hostPath: '/etc/sched', mountPath: '/cfg', readOnly: true, pathType: '' }] } } }));
  t.deepEqual(pod.volumes[0], { name: 'cfg', hostPath: '/etc/sched', type: '' });
  t.deepEqual(pod.volumeMounts[0], { name: 'cfg', mountPath: '/cfg', readOnly: true });
});
