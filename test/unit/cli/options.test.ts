import test from 'ava';
import { configFlagsFrom, pathFlagsFrom, verbosityFrom } from '../../../src/cli/options.js';
import { MinikubeadmError } from '../../../src/errors.js';

test('-v takes a whole number', (t) => {
  t.is(verbosityFrom({}), 0);
  t.is(verbosityFrom({ v: '0' }), 0);
  t.is(verbosityFrom({ v: '5' }), 5);
  t.is(verbosityFrom({ v: ['1', '10'] }), 10);
});

const badVerbosity = test.macro({
  exec(t, value: unknown, shown: string) {
    const err = t.throws(() => verbosityFrom({ v: value }), { instanceOf: MinikubeadmError });
    t.is(err!.code, 'FLAG_INVALID');
    t.true(err!.message.startsWith(`-v: ${shown} is not a log level`), err!.message);
  },
  title: (_t, _v, shown: string) => `-v ${shown} is refused, naming the flag and the value`,
});
test(badVerbosity, 'abc', '"abc"');
test(badVerbosity, '', '""');
test(badVerbosity, '-1', '"-1"');
test(badVerbosity, '2.5', '"2.5"');

test('--apiserver-bind-port reaches the config layer as typed', (t) => {
  t.is(configFlagsFrom({ 'apiserver-bind-port': 'abc' }).apiserverBindPort, 'abc');
  t.is(configFlagsFrom({ 'apiserver-bind-port': '7443' }).apiserverBindPort, '7443');
  t.false('apiserverBindPort' in configFlagsFrom({}));
});

test('a single-valued flag given twice keeps the last value', (t) => {
  t.is(pathFlagsFrom({ 'kubernetes-dir': ['/a', '/b'] }).kubernetesDir, '/b');
  t.is(configFlagsFrom({ 'node-name': ['a', 'b'] }).nodeName, 'b');
});

test('list flags split on commas', (t) => {
  t.deepEqual(configFlagsFrom({ 'skip-phases': ['addons/kube-proxy,mark-master', ' preflight '] }).skipPhases, ['addons/kube-proxy', 'mark-master', 'preflight']);
});
