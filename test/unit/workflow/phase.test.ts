import test from 'ava';
import { initPhases } from '../../../phases/init/index.js';
import { describePhaseTree, flattenPhases, phaseIndex } from '../../../src/workflow/phase.js';

test('the init phase tree lists every phase in kubeadm order, with aliases and "all"', (t) => {
  const tree = describePhaseTree(initPhases);
  const tops = tree.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/)[0]);
  t.deepEqual(tops, ['preflight', 'certs', 'kubeconfig', 'control-plane', 'etcd', 'kubelet-start', 'wait-kubelet', 'upload-config', 'upload-certs', 'mark-master', 'bootstrap-token', 'kubelet-finalize', 'addons', 'show-join-command']);
  const flat = tree.replace(/\s+/g, ' ');
  t.regex(flat, /mark-master [^/]*\(alias: mark-control-plane\)/);
  t.regex(flat, /wait-kubelet [^/]*\(alias: wait-control-plane\)/);
  t.regex(flat, /addons [^/]*\(alias: addon\)/);
  t.regex(tree, /^ {2}\/all {2,}Run all certs phases$/m);
});

test('descriptions wrap under their column within the width', (t) => {
  const tree = describePhaseTree(initPhases, 80);
  for (const line of tree.split('\n')) t.true(line.length <= 80, line);
  t.regex(tree, /\n {31}\S/, 'continuation lines start under the description column');
});

test('every phase path and alias resolves', (t) => {
  const index = phaseIndex(initPhases);
  for (const step of flattenPhases(initPhases)) t.is(index.get(step.path.toLowerCase()), step.path);
  t.is(index.get('mark-control-plane'), 'mark-master');
  t.is(index.get('addon/coredns'), 'addons/coredns');
  t.is(index.get('certs/etcd-ca'), 'certs/etcd-ca');
});
