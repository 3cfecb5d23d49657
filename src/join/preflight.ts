/**
 * join phase preflight, in kubeadm's order: the join's own checks; discovery and the cluster's
 * configuration; the join doctor (typed endpoint, cluster-info's server and the certificate's SANs);
 * refusals that need the cluster (a Ready Node of this name); and for a control plane the
 * conditions kubeadm states (controlPlaneEndpoint, the shared certificates, a free etcd member name),
 * then the init node checks. Nothing is written. `-o json|yaml` prints one JoinPreflightReport.
 */
import { MinikubeadmError, isMinikubeadmError } from '../errors.js';
import { type JoinDoctorReport, diagnose, findingLines } from '../discovery/doctor.js';
import { probeTls } from '../net/tls-probe.js';
import { NO_CONTROL_PLANE_ENDPOINT, controlPlaneJoinChecks, joinNodeChecks } from '../preflight/lists.js';
import { planForJoin } from '../preflight/plan.js';
import { printReportText } from '../preflight/preflight.js';
import { preflightError } from '../preflight/report.js';
import { type PreflightReport, runChecks } from '../preflight/run.js';
import type { Check, PreflightPlan } from '../preflight/types.js';
import type { RunContext } from '../workflow/context.js';
import { toYaml } from '../yaml.js';
import { checkEtcdMemberName } from './etcd-member-check.js';
import { isControlPlane } from './node.js';
import { refuseReadyNode } from './node-check.js';

export const JOIN_REPORT_API_VERSION = 'minikubeadm/v1alpha1';

export interface JoinPreflightReport {
  apiVersion: typeof JOIN_REPORT_API_VERSION;
  kind: 'JoinPreflightReport';
  /** The join's own checks, then (control plane) the init node checks. */
  preflight: PreflightReport[];
  discovery?: { server: string; via: string; pinned: string[] } | { error: string; hint?: string };
  doctor?: JoinDoctorReport;
  /** Refusals that need the cluster (an existing Node, the control-plane conditions). */
  refusals: { message: string; hint?: string }[];
  passed: boolean;
}

const CONDITIONS_HEADER = 'One or more conditions for hosting a new control plane instance is not satisfied.';
const CONDITIONS_FOOTER =
  'Please ensure that:\n* The cluster has a stable controlPlaneEndpoint address.\n* The certificates that must be shared among control plane instances are provided.';

/** kubeadm's refusal text for a control-plane join, around the reason. */
function conditionsError(e: unknown): MinikubeadmError {
  const inner = isMinikubeadmError(e) ? e : undefined;
  const reason = inner?.message ?? (e as Error).message;
  return new MinikubeadmError('JOIN_REFUSED', `${CONDITIONS_HEADER}\n\n${reason}\n\n${CONDITIONS_FOOTER}`, { hint: inner?.hint, cause: e });
}

export async function joinPreflight(run: RunContext): Promise<void> {
  const format = run.flags.output;
  const text = format === 'text';
  // With -o json|yaml stdout holds the report alone: discovery's lines go to stderr.
  const ctx = text ? run : run.withLog(run.log.onStderr());
  const { log } = ctx;
  const report: JoinPreflightReport = { apiVersion: JOIN_REPORT_API_VERSION, kind: 'JoinPreflightReport', preflight: [], refusals: [], passed: false };
  const finish = async (error?: MinikubeadmError): Promise<void> => {
    report.passed = error === undefined;
    if (!text) run.log.print(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : toYaml(report, 'report'));
    if (error) throw error;
  };
  const check = async (plan: PreflightPlan, checks: Check[]): Promise<MinikubeadmError | undefined> => {
    const result = await runChecks(checks, ctx.host, plan, ctx.flags.ignorePreflightErrors);
    report.preflight.push(result);
    if (text) printReportText(result, log);
    return preflightError(result, format);
  };
  const refuse = (e: unknown): Promise<void> => {
    if (!isMinikubeadmError(e)) throw e;
    report.refusals.push({ message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
    return finish(e);
  };

  if (text) log.info('Running pre-flight checks');
  const ownPlan = planForJoin(ctx.config, ctx.paths);
  const own = await check(ownPlan, joinNodeChecks(ownPlan));
  if (own) return finish(own);

  let joining;
  try {
    joining = await ctx.joining();
  } catch (e) {
    if (!isMinikubeadmError(e)) throw e;
    report.discovery = { error: e.message, ...(e.hint ? { hint: e.hint } : {}) };
    return finish(e);
  }
  report.discovery = { server: joining.discovered.server, via: joining.discovered.via, pinned: joining.discovered.pinned };

  const doctor = await diagnose(joining.discovered, probeTls);
  report.doctor = doctor;
  if (text) {
    const doctorLog = log.withPrefix('join-doctor');
    for (const line of findingLines(doctor)) (ctx.dryRun ? doctorLog.info.bind(doctorLog) : doctorLog.debug.bind(doctorLog, 1))(line);
    for (const p of doctor.problems) doctorLog.warn(`${p.message}\n\thint: ${p.hint}`);
  }

  const name = joining.config.init.nodeRegistration.name;
  try {
    await refuseReadyNode(joining.bootstrapClient, name);
  } catch (e) {
    return refuse(e);
  }
  if (!isControlPlane(ctx)) return finish();

  const key = ctx.config.join?.controlPlane?.certificateKey ?? '';
  const plan = planForJoin(ctx.config, joining.paths, { clusterConfiguration: joining.cluster, downloadCerts: key !== '' });
  let checks: Check[];
  try {
    if (joining.cluster.controlPlaneEndpoint.trim() === '') throw new MinikubeadmError('JOIN_REFUSED', NO_CONTROL_PLANE_ENDPOINT);
    checks = controlPlaneJoinChecks(plan);
    await joining.sharedCertificates();
  } catch (e) {
    return refuse(conditionsError(e));
  }
  if (joining.cluster.etcd.local) {
    try {
      await checkEtcdMemberName(ctx, joining);
    } catch (e) {
      if (isMinikubeadmError(e) && e.code === 'JOIN_REFUSED') return refuse(e);
      throw e;
    }
  }
  if (text) log.info('Running pre-flight checks before initializing the new control plane instance');
  return finish(await check(plan, checks));
}
