import test from 'ava';
import { memCheck, numCpuCheck, privilegedUserCheck, swapCheck } from '../../../../src/preflight/checks/machine.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { defaultPlan, runOne } from '../helpers.js';

test('IsPrivilegedUser passes as root and fails otherwise, naming the remedy', async (t) => {
  const plan = await defaultPlan();
  t.true((await runOne(privilegedUserCheck, fixtureHost('healthy'), plan)).passed);
  const r = await runOne(privilegedUserCheck, fixtureHost('healthy', { uid: 1000 }), plan);
  t.like(r, { name: 'IsPrivilegedUser', severity: 'error', passed: false, message: 'user is not running as root' });
  t.regex(r.hint!, /sudo/);
});

test('NumCPU needs 2 CPUs', async (t) => {
  const plan = await defaultPlan();
  t.true((await runOne(numCpuCheck, fixtureHost('healthy', { cpus: 2 }), plan)).passed);
  const r = await runOne(numCpuCheck, fixtureHost('broken'), plan);
  t.like(r, { name: 'NumCPU', severity: 'error', passed: false, message: 'the number of available CPUs 1 is less than the required 2' });
  t.truthy(r.hint);
});

test('Mem needs 1700 MB', async (t) => {
  const plan = await defaultPlan();
  t.true((await runOne(memCheck, fixtureHost('healthy', { memTotalBytes: 1700 * 1024 * 1024 }), plan)).passed);
  const r = await runOne(memCheck, fixtureHost('healthy', { memTotalBytes: 1699 * 1024 * 1024 }), plan);
  t.like(r, { name: 'Mem', severity: 'error', passed: false, message: 'the system RAM (1699 MB) is less than the minimum 1700 MB' });
  t.truthy(r.hint);
});

test('Swap is a warning when /proc/swaps lists a device, and passes without swap or without /proc/swaps', async (t) => {
  const plan = await defaultPlan();
  t.like(await runOne(swapCheck, fixtureHost('healthy'), plan), { passed: true, message: 'swap is off' });
  t.like(await runOne(swapCheck, fixtureHost('healthy', { hide: ['/proc/swaps'] }), plan), { passed: true });
  const r = await runOne(swapCheck, fixtureHost('swap-on'), plan);
  t.like(r, { name: 'Swap', severity: 'warning', passed: false, ignored: false });
  t.regex(r.message, /^swap is supported for cgroup v2 only/);
  t.regex(r.hint!, /swapoff -a.*\/swap\.img/);
});
