import test from 'ava';
import type { Arg } from '../../../src/config/types.js';
import { argumentsToCommand, getArgValue, setArgValue } from '../../../src/config/args.js';

const a = (name: string, value: string): Arg => ({ name, value });

const merges = test.macro({
  exec(t, defaults: Arg[], overrides: Arg[], expected: string[]) {
    t.deepEqual(argumentsToCommand(defaults, overrides), expected);
  },
  title: (title = '') => `argumentsToCommand: ${title}`,
});

test('defaults only, sorted by name', merges, [a('b', '2'), a('a', '1'), a('c', '3')], [], ['--a=1', '--b=2', '--c=3']);
test('an override replaces the default of the same name', merges, [a('a', '1'), a('b', '2')], [a('b', 'x')], ['--a=1', '--b=x']);
test('an override replaces every default of that name', merges, [a('a', '1'), a('a', '2'), a('b', '2')], [a('a', '9')], ['--a=9', '--b=2']);
test('repeated overrides are all kept, sorted by value', merges, [a('a', '1')], [a('a', 'z'), a('a', 'b')], ['--a=b', '--a=z']);
test('new flags are added', merges, [a('a', '1')], [a('zz', '')], ['--a=1', '--zz=']);
test('byte order like Go (upper case before lower, - before letters)', merges, [a('b', '1'), a('B', '1'), a('a-b', '1'), a('ab', '1')], [], ['--B=1', '--a-b=1', '--ab=1', '--b=1']);
test('values keep every character', merges, [], [a('x', 'a=b,c d')], ['--x=a=b,c d']);

test('getArgValue returns the last occurrence', (t) => {
  t.is(getArgValue([a('x', '1'), a('y', '2'), a('x', '3')], 'x'), '3');
  t.is(getArgValue([a('x', '1')], 'z'), undefined);
});

test('setArgValue sets the last occurrence or appends, without touching its input', (t) => {
  const input = [a('x', '1'), a('x', '2')];
  t.deepEqual(setArgValue(input, 'x', '9'), [a('x', '1'), a('x', '9')]);
  t.deepEqual(setArgValue(input, 'y', '0'), [a('x', '1'), a('x', '2'), a('y', '0')]);
  t.deepEqual(input, [a('x', '1'), a('x', '2')]);
});
