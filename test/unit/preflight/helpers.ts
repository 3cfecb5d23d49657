/** Shared by the preflight tests: a plan over kubeadm's default paths, and one check run through the real runner. */
import type { Config } from '../../../src/config/types.js';
import type { HostProbe } from '../../../src/host/system.js';
import type { Logger } from '../../../src/log.js';
import { initChecks, joinChecks } from '../../../src/preflight/lists.js';
import { type JoinPreflightOptions, planForInit, planForJoin } from '../../../src/preflight/plan.js';
import { runPreflight } from '../../../src/preflight/preflight.js';
import { type CheckReport, type PreflightReport, runChecks } from '../../../src/preflight/run.js';
import type { Check, PreflightPlan } from '../../../src/preflight/types.js';
import type { RunContext } from '../../../src/workflow/context.js';
import { type DeepPartial, testContext } from '../../helpers/config.js';

/** An init context whose paths are kubeadm's defaults (/etc/kubernetes, /var/lib/etcd), as fixture hosts lay them out. */
export async function defaultPathsContext(patch: DeepPartial<Config> = {}) {
  const withEtcd: DeepPartial<Config> = { ...patch, cluster: { certificatesDir: '/etc/kubernetes/pki', ...patch.cluster, etcd: patch.cluster?.etcd ?? { local: { dataDir: '/var/lib/etcd', extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] } } } };
  return testContext(withEtcd, { dir: '/etc/kubernetes' });
}

export async function defaultPlan(patch: DeepPartial<Config> = {}): Promise<PreflightPlan> {
  const { ctx } = await defaultPathsContext(patch);
  return planForInit(ctx.config, ctx.paths);
}

/** Run one check the way a preflight run does (no ignores) and return its report entry. */
export async function runOne(check: Check, host: HostProbe, plan: PreflightPlan, ignore: string[] = []): Promise<CheckReport> {
  const report = await runChecks([check], host, plan, ignore);
  return report.checks[0]!;
}

const inputs = (ctx: RunContext, log: Logger, host: HostProbe) => ({ host, log, output: ctx.flags.output, ignore: ctx.flags.ignorePreflightErrors });

/** Init's preflight on `host`, as the init phase runs it. */
export async function initPreflight(ctx: RunContext, log: Logger, host: HostProbe = ctx.host): Promise<PreflightReport> {
  const plan = planForInit(ctx.config, ctx.paths);
  return runPreflight(inputs(ctx, log, host), plan, initChecks(plan));
}

/** Join's preflight on `host`. */
export async function joinPreflight(ctx: RunContext, log: Logger, options: JoinPreflightOptions = {}, host: HostProbe = ctx.host): Promise<PreflightReport> {
  const plan = planForJoin(ctx.config, ctx.paths, options);
  return runPreflight(inputs(ctx, log, host), plan, joinChecks(plan));
}
