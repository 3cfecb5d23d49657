/**
 * What reset removes on this node, worked out once from the run's paths and the node's own files:
 * the directories whose contents go (manifests, kubelet, certificates, and tmp with
 * --cleanup-tmp-dir), the kubeconfig files init and join write, and the local etcd member with the
 * data directory its manifest names. Preflight refuses the whole reset when any of them is a
 * directory that must never be emptied, before anything is changed.
 */
import { join } from 'node:path';
import { KUBECONFIG_FILES } from '../config/constants.js';
import { type LocalEtcdMember, localEtcdMember } from '../etcd/local-member.js';
import { MinikubeadmError } from '../errors.js';
import { protectedDirProblem } from '../host/cleanup.js';
import type { RunContext } from '../workflow/context.js';

export interface ResetTargets {
  /** Emptied by cleanup-node, in kubeadm's order. */
  dirs: string[];
  /** Deleted by cleanup-node. */
  files: string[];
  /** The stacked etcd member, when manifests/etcd.yaml exists. */
  etcd?: { manifest: string; dataDir: string; member: LocalEtcdMember | undefined };
}

export async function resetTargets(ctx: RunContext): Promise<ResetTargets> {
  const { paths } = ctx;
  const dirs = [paths.manifestsDir, paths.kubeletDir, paths.certificatesDir, ...(ctx.flags.cleanupTmpDir ? [join(paths.kubernetesDir, 'tmp')] : [])];
  const files = Object.values(KUBECONFIG_FILES).map((f) => join(paths.kubeconfigDir, f));
  const manifest = join(paths.manifestsDir, 'etcd.yaml');
  const text = await ctx.fs.readText(manifest);
  if (text === undefined) return { dirs, files };
  const member = localEtcdMember(text);
  return { dirs, files, etcd: { manifest, dataDir: member?.dataDir ?? paths.etcdDataDir, member } };
}

/** Refuse a reset that would empty a system directory (a wrong flag or manifest), naming each. */
export async function checkResetTargets(targets: ResetTargets): Promise<void> {
  const problems: string[] = [];
  for (const d of [...targets.dirs, ...(targets.etcd ? [targets.etcd.dataDir] : [])]) {
    const problem = await protectedDirProblem(d);
    if (problem) problems.push(problem);
  }
  if (problems.length === 0) return;
  throw new MinikubeadmError('FLAG_INVALID', `refusing to reset: its contents would be deleted, but ${problems.join('; ')}`, {
    hint: 'check --cert-dir, --kubernetes-dir, --kubelet-dir and the etcd data directory in manifests/etcd.yaml; nothing was changed',
  });
}
