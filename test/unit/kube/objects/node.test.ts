import test from 'ava';
import type { Taint } from '../../../../src/config/types.js';
import { controlPlaneChange, controlPlaneTaints, criSocketChange, isEmptyChange, taintToString } from '../../../../src/kube/objects/node.js';
import type { KubeObject } from '../../../../src/kube/objects/types.js';

const node = (labels: Record<string, string> = {}, taints: unknown[] | undefined = undefined, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'cp1', labels, ...(annotations ? { annotations } : {}) },
  spec: taints === undefined ? {} : { taints },
});
const LABELS = { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' };

test('default taint unless nodeRegistration.taints is set; [] means none', (t) => {
  t.deepEqual(controlPlaneTaints(undefined), [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  t.deepEqual(controlPlaneTaints([]), []);
  const own: Taint[] = [{ key: 'dedicated', value: 'cp', effect: 'NoExecute' }];
  t.is(controlPlaneTaints(own), own);
});

test('Taint.ToString', (t) => {
  t.is(taintToString({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }), 'node-role.kubernetes.io/control-plane:NoSchedule');
  t.is(taintToString({ key: 'a', value: 'b', effect: 'NoExecute' }), 'a=b:NoExecute');
});

test('a fresh node gets both labels and the taint; existing taints follow', (t) => {
  const c = controlPlaneChange(node({ 'kubernetes.io/hostname': 'cp1' }, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]), controlPlaneTaints(undefined));
  t.deepEqual(c.labels, LABELS);
  t.deepEqual(c.taints, [
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
  ]);
});

test('a marked node needs no change (re-running sends nothing)', (t) => {
  const marked = node(LABELS, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'x', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' }]);
  t.true(isEmptyChange(controlPlaneChange(marked, controlPlaneTaints(undefined))));
});

test('an empty taint list leaves the node untainted', (t) => {
  const c = controlPlaneChange(node(), []);
  t.deepEqual(c.labels, LABELS);
  t.is(c.taints, undefined);
});

test('CRI socket annotation only when missing or different', (t) => {
  t.deepEqual(criSocketChange(node(), 'unix:///run/containerd/containerd.sock'), { annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock' } });
  t.true(isEmptyChange(criSocketChange(node({}, undefined, { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///s' }), 'unix:///s')));
});
