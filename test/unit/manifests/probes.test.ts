import test from 'ava';
import { duration } from '../../../src/config/duration.js';
import { probeAddress, startupProbe } from '../../../src/manifests/probes.js';
import { doc, issuesOf } from '../config/helpers.js';

const target = { host: 'h', path: '/p', port: 1, scheme: 'HTTP' as const };

const threshold = test.macro({
  exec(t, timeout: string, expected: number) {
    t.is(startupProbe(target, duration(timeout)).failureThreshold, expected);
  },
  title: (title = '') => `startup failureThreshold: ${title}`,
});
test('4m → 24', threshold, '4m0s', 24);
test('rounds up (95s → 10)', threshold, '1m35s', 10);
test('1h → 360', threshold, '1h', 360);
test('short timeouts are not raised (30s → 3)', threshold, '30s', 3);

test('startup probe periods', (t) => {
  const p = startupProbe(target, duration('4m0s'));
  t.is(p.initialDelaySeconds, 10);
  t.is(p.periodSeconds, 10);
  t.is(p.timeoutSeconds, 15);
});

test('a timeout that is not a duration is a config error naming the field (validation is the one place it can be wrong)', async (t) => {
  const issues = await issuesOf(t, doc('InitConfiguration', 'timeouts:\n  controlPlaneComponentHealthCheck: soon\n'));
  t.true(issues.some((i) => i.path === 'InitConfiguration.timeouts.controlPlaneComponentHealthCheck' && /"soon" is not a duration/.test(i.message)), JSON.stringify(issues));
});

test('probe address', (t) => {
  t.is(probeAddress('0.0.0.0'), '');
  t.is(probeAddress('::'), '');
  t.is(probeAddress('10.0.0.1'), '10.0.0.1');
});
