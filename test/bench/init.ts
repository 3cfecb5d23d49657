// Benchmark of the whole `minikubeadm init` on a fresh real node (see test/e2e/init/cluster.ts):
// the node's own set-up (namespaces, containerd, image import) first, then init from start to a
// printed join command, split into the time spent waiting for the components (phase wait-kubelet:
// the kubelet's health, then the API server, controller-manager and scheduler) and minikubeadm's own
// overhead (everything else), the time until the node is a Ready control plane (Node Ready, four
// mirror Pods Ready), the per-phase times, and a second, no-op init.
// Usage (root, after provisioning): npm run bench:init -- [--runs 2] [--json]
import { missingKubernetesBinaries } from '../e2e/harness/paths.js';
import { type CommandRun, InitCluster, NODE_NAME, STATIC_PODS, waitFor } from '../e2e/init/cluster.js';

const PHASE_LINE = /^\[init\] running phase (\S+)$/;

/** Milliseconds per phase, from the `-v 1` "running phase" lines and the end of the run. */
export function phaseTimes(run: CommandRun): Record<string, number> {
  const starts = run.lines.map((l) => ({ at: l.at, phase: PHASE_LINE.exec(l.text)?.[1] })).filter((x): x is { at: number; phase: string } => x.phase !== undefined);
  const out: Record<string, number> = {};
  starts.forEach((s, i) => {
    out[s.phase] = (starts[i + 1]?.at ?? run.wallMs) - s.at;
  });
  return out;
}

export interface InitTiming {
  nodeSetupMs: number;
  wallMs: number;
  waitingMs: number;
  overheadMs: number;
  readyControlPlaneMs: number;
  secondInitMs: number;
  phases: Record<string, number>;
}

type Ready = { status: { conditions?: { type: string; status: string }[] } };
const isReady = (o: Ready): boolean => (o.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

async function once(): Promise<InitTiming> {
  const t0 = Date.now();
  const cluster = await InitCluster.create({ token: 'bench0.0123456789bench0' });
  const nodeSetupMs = Date.now() - t0;
  try {
    cluster.giveNodePodNetwork(cluster.node);
    const first = await cluster.init([cluster.preflightIgnores('first'), '-v', '1']);
    if (first.exitCode !== 0) throw new Error(`init failed (${first.exitCode}):\n${first.stderr}\n${first.stdout}`);
    await waitFor('a Ready control plane', 300_000, async () => {
      const node = await cluster.getJson<Ready>(['node', NODE_NAME]);
      const pods = (await cluster.getJson<{ items: (Ready & { metadata: { name: string } })[] }>(['pods', '-n', 'kube-system'])).items;
      const mirror = STATIC_PODS.map((n) => pods.find((p) => p.metadata.name === `${n}-${NODE_NAME}`));
      return isReady(node) && mirror.every((p) => p && isReady(p)) ? true : undefined;
    }, 250);
    const readyControlPlaneMs = Date.now() - first.startedAt;
    const phases = phaseTimes(first);
    const waitingMs = phases['wait-kubelet'] ?? 0;
    const second = await cluster.init([cluster.preflightIgnores('again')]);
    if (second.exitCode !== 0) throw new Error(`second init failed (${second.exitCode}):\n${second.stderr}`);
    return { nodeSetupMs, wallMs: first.wallMs, waitingMs, overheadMs: first.wallMs - waitingMs, readyControlPlaneMs, secondInitMs: second.wallMs, phases };
  } finally {
    const left = await cluster.stop();
    if (left.length > 0) process.stderr.write(`left behind: ${left.join(', ')}\n`);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing binaries ${missing.join(', ')}: run test/e2e/provision/provision.sh`);
  const i = process.argv.indexOf('--runs');
  const runs = Math.max(1, Number(i >= 0 ? process.argv[i + 1] : 2) || 2);
  const results: InitTiming[] = [];
  for (let n = 0; n < runs; n++) results.push(await once());
  const pick = (f: (r: InitTiming) => number): number => median(results.map(f));
  const summary = {
    runs,
    nodeSetupMs: pick((r) => r.nodeSetupMs),
    initWallMs: pick((r) => r.wallMs),
    waitingForComponentsMs: pick((r) => r.waitingMs),
    minikubeadmOverheadMs: pick((r) => r.overheadMs),
    readyControlPlaneMs: pick((r) => r.readyControlPlaneMs),
    secondInitMs: pick((r) => r.secondInitMs),
    phasesMs: Object.fromEntries(Object.keys(results[0]!.phases).map((p) => [p, median(results.map((r) => r.phases[p] ?? 0))])),
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const row = (label: string, ms: number): string => `${label.padEnd(60)} ${(ms / 1000).toFixed(2).padStart(8)} s`;
  const lines = [
    `minikubeadm init on a fresh real node: kubelet v1.20.2, containerd, runc (median of ${runs})`,
    row('node set-up by the harness (namespaces, containerd, images)', summary.nodeSetupMs),
    row('init, start to ready control plane + join command', summary.initWallMs),
    row('  waiting for the components (wait-kubelet: kubelet, API server, …)', summary.waitingForComponentsMs),
    row('  minikubeadm overhead (everything else)', summary.minikubeadmOverheadMs),
    row('init start → Node Ready and four mirror Pods Ready', summary.readyControlPlaneMs),
    row('second init on the same node (no-op)', summary.secondInitMs),
    'per phase:',
    ...Object.entries(summary.phasesMs).map(([p, ms]) => row(`  ${p}`, ms)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
