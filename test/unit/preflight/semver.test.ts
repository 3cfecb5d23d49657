import test from 'ava';
import { compareSemVer, formatSemVer, parseSemVer } from '../../../src/preflight/semver.js';

const order = test.macro((t, a: string, b: string, sign: number) => {
  t.is(Math.sign(compareSemVer(parseSemVer(a)!, parseSemVer(b)!)), sign);
});

test('3.5.24-0 < 3.5.24', order, '3.5.24-0', '3.5.24', -1);
test('v1.32.0 = 1.32.0', order, 'v1.32.0', '1.32.0', 0);
test('1.33.0-0 < 1.33.0-alpha.1', order, '1.33.0-0', '1.33.0-alpha.1', -1);
test('1.33.0-alpha.1 < 1.33.0-alpha.1.5', order, '1.33.0-alpha.1', '1.33.0-alpha.1.5', -1);
test('1.33.0-alpha.2 < 1.33.0-alpha.10 (numeric identifiers)', order, '1.33.0-alpha.2', '1.33.0-alpha.10', -1);
test('1.10.0 > 1.9.9', order, '1.10.0', '1.9.9', 1);

test('rejects what Kubernetes rejects and prints without the v', (t) => {
  for (const bad of ['1.32', 'v1.32.x', 'stable', '01.2.3', '']) t.is(parseSemVer(bad), undefined, bad);
  t.is(formatSemVer(parseSemVer('v1.32.4+build.1')!), '1.32.4');
  t.is(formatSemVer(parseSemVer('v1.33.0-rc.1')!), '1.33.0-rc.1');
});
