import test, { type ExecutionContext } from 'ava';
import { initChecks } from '../../../src/preflight/lists.js';
import { isIgnored, runChecks } from '../../../src/preflight/run.js';
import type { Check } from '../../../src/preflight/types.js';
import { fixtureHost } from '../../fixtures/hosts/fixture-host.js';
import { defaultPlan } from './helpers.js';

const ignoreCase = test.macro({
  async exec(t: ExecutionContext, ignore: string[], expectIgnored: string[], expectPassed: boolean) {
    const plan = await defaultPlan();
    const report = await runChecks(initChecks(plan), fixtureHost('broken'), plan, ignore);
    const ignored = report.checks.filter((c) => c.ignored).map((c) => c.name);
    t.deepEqual(ignored.filter((n) => expectIgnored.includes(n)).sort(), [...expectIgnored].sort());
    if (ignore.some((i) => i.toLowerCase() === 'all')) t.is(report.summary.errors, 0);
    t.is(report.passed, expectPassed);
    for (const c of report.checks.filter((x) => x.ignored)) t.is(c.severity, 'error', 'an ignored check keeps its severity and is reported as ignored');
  },
  title: (label) => `--ignore-preflight-errors ${label}`,
});

test('a single name', ignoreCase, ['NumCPU'], ['NumCPU'], false);
test('mixed case names', ignoreCase, ['numcpu', 'MEM', 'isPrivilegedUser'], ['NumCPU', 'Mem', 'IsPrivilegedUser'], false);
test('all', ignoreCase, ['all'], ['NumCPU', 'Mem', 'IsPrivilegedUser', 'CRI', 'SystemVerification', 'KubeletVersion'], true);
test('ALL in capitals', ignoreCase, ['ALL'], ['NumCPU'], true);

test('isIgnored matches case-insensitively and honours all', (t) => {
  t.true(isIgnored('FileAvailable--etc-kubernetes-manifests-etcd.yaml', ['fileavailable--etc-kubernetes-manifests-etcd.yaml']));
  t.true(isIgnored('Swap', ['all']));
  t.false(isIgnored('Swap', ['swapp']));
});

test('every check runs before the verdict: all errors of a broken host are reported at once', async (t) => {
  const plan = await defaultPlan();
  const checks = initChecks(plan);
  const report = await runChecks(checks, fixtureHost('broken'), plan, []);
  t.is(report.checks.length, checks.length);
  const failed = report.checks.filter((c) => !c.passed && c.severity === 'error').map((c) => c.name);
  for (const n of ['IsPrivilegedUser', 'NumCPU', 'Mem', 'CRI', 'FileExisting-losetup', 'FileExisting-cp', 'SystemVerification', 'KubeletVersion', 'FileContent--proc-sys-net-ipv4-ip_forward']) t.true(failed.includes(n), n);
  t.false(report.passed);
  t.is(report.summary.errors, failed.length);
});

test('unknown names in the ignore list are reported', async (t) => {
  const plan = await defaultPlan();
  const report = await runChecks(initChecks(plan), fixtureHost('healthy'), plan, ['Swap', 'NoSuchCheck', 'all']);
  t.deepEqual(report.unmatchedIgnores, ['NoSuchCheck']);
  t.deepEqual(report.ignorePreflightErrors, ['Swap', 'NoSuchCheck', 'all']);
});

test('a check that throws or hangs becomes a failed result, not a crash', async (t) => {
  const plan = await defaultPlan();
  const throwing: Check = { name: 'Boom', severity: 'warning', appliesTo: () => true, run: async () => { throw new Error('kaput'); } };
  const hanging: Check = { name: 'Hang', severity: 'warning', appliesTo: () => true, run: () => new Promise(() => undefined) };
  const report = await runChecks([throwing, hanging], fixtureHost('healthy'), plan, [], { timeoutMs: 50 });
  t.like(report.checks[0], { name: 'Boom', passed: false, severity: 'error', message: 'the check could not run: kaput' });
  t.regex(report.checks[0]!.hint!, /--ignore-preflight-errors=Boom/);
  t.like(report.checks[1], { name: 'Hang', passed: false, severity: 'warning', message: 'the check did not finish within 0.05s' });
});

test('a healthy host passes everything', async (t) => {
  const plan = await defaultPlan();
  const report = await runChecks(initChecks(plan), fixtureHost('healthy'), plan, []);
  t.deepEqual(report.checks.filter((c) => !c.passed || c.warnings.length > 0).map((c) => `${c.name}: ${c.message}`), []);
  t.true(report.passed);
  t.is(report.summary.passed, report.summary.checks);
});
