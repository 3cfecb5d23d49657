/** Shared by the preflight tests: a plan over kubeadm's default paths, and one check run through the real runner. */
import type { Config } from '../../../src/config/types.js';
import type { HostProbe } from '../../../src/host/system.js';
import { planForInit } from '../../../src/preflight/plan.js';
import { type CheckReport, runChecks } from '../../../src/preflight/run.js';
import type { Check, PreflightPlan } from '../../../src/preflight/types.js';
import { type DeepPartial, testContext } from '../../helpers/config.js';

/** An init context whose paths are kubeadm's defaults (/etc/kubernetes, /var/lib/etcd), as fixture hosts lay them out. */
export async function defaultPathsContext(patch: DeepPartial<Config> = {}) {
  const withEtcd: DeepPartial<Config> = { ...patch, cluster: { certificatesDir: '/etc/kubernetes/pki', ...patch.cluster, etcd: patch.cluster?.etcd ?? { local: { dataDir: '/var/lib/etcd', extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] } } } };
  return testContext(withEtcd, { dir: '/etc/kubernetes' });
}

export async function defaultPlan(patch: DeepPartial<Config> = {}): Promise<PreflightPlan> {
  return planForInit((await defaultPathsContext(patch)).ctx);
}

/** Run one check the way a preflight run does (no ignores) and return its report entry. */
export async function runOne(check: Check, host: HostProbe, plan: PreflightPlan, ignore: string[] = []): Promise<CheckReport> {
  const report = await runChecks([check], host, plan, ignore);
  return report.checks[0]!;
}
