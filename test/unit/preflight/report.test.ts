import test from 'ava';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { initChecks } from '../../../src/preflight/lists.js';
import { preflightError, renderReport, warningLines } from '../../../src/preflight/report.js';
import { PREFLIGHT_REPORT_SCHEMA } from '../../../src/preflight/report-schema.js';
import { runChecks } from '../../../src/preflight/run.js';
import { fixtureHost } from '../../fixtures/hosts/fixture-host.js';
import { defaultPlan } from './helpers.js';

const validate = new Ajv({ allErrors: true }).compile(PREFLIGHT_REPORT_SCHEMA);

const reportOf = async (host: string, ignore: string[] = []) => {
  const plan = await defaultPlan();
  return runChecks(initChecks(plan), fixtureHost(host), plan, ignore);
};

for (const host of ['healthy', 'swap-on', 'ip-forward-off', 'cgroup-v1', 'cgroup-hybrid', 'cgroup-v2-undelegated', 'ports-taken', 'files-present', 'broken']) {
  test(`the JSON report of the ${host} fixture host validates against the schema`, async (t) => {
    const report = await reportOf(host, host === 'broken' ? ['Mem'] : []);
    const parsed: unknown = JSON.parse(await renderReport(report, 'json'));
    t.true(validate(parsed), JSON.stringify(validate.errors));
    t.deepEqual(parseYaml(await renderReport(report, 'yaml')), parsed, 'YAML carries the same report');
  });
}

test('the schema rejects a failed check without a hint and an ignored check that passed', async (t) => {
  const report = JSON.parse(await renderReport(await reportOf('swap-on'), 'json')) as { checks: Record<string, unknown>[] };
  const swap = report.checks.find((c) => c['name'] === 'Swap')!;
  delete swap['hint'];
  t.false(validate(report));
  const fresh = JSON.parse(await renderReport(await reportOf('healthy'), 'json')) as { checks: Record<string, unknown>[] };
  fresh.checks[0]!['ignored'] = true;
  t.false(validate(fresh));
});

test('warnings print as kubeadm lines, each followed by a hint line', async (t) => {
  const lines = warningLines(await reportOf('swap-on'));
  t.is(lines.length, 2);
  t.regex(lines[0]!, /^\t\[WARNING Swap\]: swap is supported for cgroup v2 only/);
  t.regex(lines[1]!, /^\t {4}hint: turn swap off/);
});

test('an ignored error prints as a warning and stops nothing', async (t) => {
  const report = await reportOf('ip-forward-off', ['FileContent--proc-sys-net-ipv4-ip_forward']);
  t.is(preflightError(report), undefined);
  t.regex(warningLines(report)[0]!, /^\t\[WARNING FileContent--proc-sys-net-ipv4-ip_forward\]: \/proc\/sys\/net\/ipv4\/ip_forward contents are not set to 1$/);
});

test("fatal errors keep kubeadm's shape, with a hint under each and the names to ignore in the error's hint", async (t) => {
  const e = preflightError(await reportOf('ports-taken'));
  t.truthy(e);
  t.is(e!.code, 'PREFLIGHT_FAILED');
  const lines = e!.message.split('\n');
  t.is(lines[0], '[preflight] Some fatal errors occurred:');
  t.is(lines[1], '\t[ERROR Port-6443]: Port 6443 is in use');
  t.regex(lines[2]!, /^\t {4}hint: /);
  t.is(lines.at(-1), '[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`');
  t.is(e!.hint, 'fix the errors above, or make them non-fatal with --ignore-preflight-errors=Port-6443,Port-10259,Port-10257,Port-10250,Port-2379,Port-2380');
  const json = preflightError(await reportOf('ports-taken'), 'json');
  t.regex(json!.message, /Some fatal errors occurred: Port-6443, .* \(details in the JSON report on stdout\)/);
});
