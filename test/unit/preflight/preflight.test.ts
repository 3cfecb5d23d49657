import test from 'ava';
import { Ajv } from 'ajv';
import { createContext } from '../../../src/workflow/context.js';
import { PREFLIGHT_REPORT_SCHEMA } from '../../../src/preflight/report-schema.js';
import { fixtureHost } from '../../fixtures/hosts/fixture-host.js';
import { defaultPathsContext, initPreflight, joinPreflight } from './helpers.js';

async function context(flags: { output?: 'text' | 'json' | 'yaml'; ignorePreflightErrors?: string[] } = {}) {
  const base = await defaultPathsContext();
  const ctx = createContext({ command: 'init', config: base.ctx.config, paths: base.paths, log: base.ctx.log, fs: base.ctx.fs, flags });
  return { ...base, ctx, log: ctx.log.withPrefix('preflight') };
}

test('text: the start line, warnings with hints on stderr, nothing thrown on a passing host', async (t) => {
  const { ctx, log, out, err } = await context();
  const report = await initPreflight(ctx, log, fixtureHost('swap-on'));
  t.true(report.passed);
  t.is(out(), '[preflight] Running pre-flight checks\n');
  t.regex(err(), /^\t\[WARNING Swap\]: swap is supported.*\n\t {4}hint: turn swap off/);
});

test('text: a failing host throws PREFLIGHT_FAILED listing every error', async (t) => {
  const { ctx, log } = await context();
  const e = await t.throwsAsync(initPreflight(ctx, log, fixtureHost('broken')));
  t.is((e as { code?: string }).code, 'PREFLIGHT_FAILED');
  for (const n of ['IsPrivilegedUser', 'NumCPU', 'Mem', 'CRI', 'SystemVerification', 'KubeletVersion']) t.regex(e!.message, new RegExp(`\\t\\[ERROR ${n}\\]: `));
});

test('json: only the report on stdout; it validates and says which errors remain', async (t) => {
  const { ctx, log, out } = await context({ output: 'json', ignorePreflightErrors: ['port-6443'] });
  const e = await t.throwsAsync(initPreflight(ctx, log, fixtureHost('ports-taken')));
  t.regex(e!.message, /Port-10259/);
  t.notRegex(e!.message, /Port-6443/);
  const report = JSON.parse(out()) as { passed: boolean; checks: { name: string; ignored: boolean }[] };
  t.true(new Ajv().compile(PREFLIGHT_REPORT_SCHEMA)(report));
  t.false(report.passed);
  t.true(report.checks.find((c) => c.name === 'Port-6443')!.ignored);
});

test('an unknown name in --ignore-preflight-errors is pointed out', async (t) => {
  const { ctx, log, out } = await context({ ignorePreflightErrors: ['swapp'] });
  await initPreflight(ctx, log, fixtureHost('healthy'));
  t.regex(out(), /\[preflight\] WARNING: --ignore-preflight-errors names "swapp", which is not a check of this run/);
});

test('join preflight runs the join list', async (t) => {
  const { ctx, log, out } = await context({ output: 'json' });
  const join = {
    dryRun: false,
    nodeRegistration: ctx.config.init.nodeRegistration,
    caCertPath: '/etc/kubernetes/pki/ca.crt',
    discovery: { tlsBootstrapToken: '', bootstrapToken: { token: 'abcdef.0123456789abcdef', apiServerEndpoint: '192.0.2.1:6443', caCertHashes: [], unsafeSkipCAVerification: true } },
    skipPhases: [],
    timeouts: ctx.config.init.timeouts,
  };
  const joinCtx = { ...ctx, command: 'join' as const, config: { ...ctx.config, join } };
  const e = await t.throwsAsync(joinPreflight(joinCtx, log, {}, fixtureHost('files-present')));
  t.regex(e!.message, /FileAvailable--etc-kubernetes-kubelet\.conf, FileAvailable--etc-kubernetes-bootstrap-kubelet\.conf, FileAvailable--etc-kubernetes-pki-ca\.crt/);
  t.is((JSON.parse(out()) as { command: string }).command, 'join');
});
