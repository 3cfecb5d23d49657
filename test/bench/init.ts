// Benchmark of the whole `minikubeadm init` on a fresh namespace node with the real control plane
// (see cluster.ts): wall time from start to a ready control plane and a printed join command, split
// into the time spent waiting for the components (phase wait-control-plane) and minikubeadm's own
// overhead (everything else), plus the per-phase times and a second, no-op init.
// Usage (root, after `npx tsc`): npm run bench:init --  [--runs 3] [--json]
import { missingKubernetesBinaries } from '../e2e/harness/paths.js';
import { type CommandRun, InitCluster } from '../e2e/init/cluster.js';

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
  wallMs: number;
  waitingMs: number;
  overheadMs: number;
  secondInitMs: number;
  phases: Record<string, number>;
}

async function once(): Promise<InitTiming> {
  const cluster = await InitCluster.create({ token: 'bench0.0123456789bench0' });
  try {
    cluster.registerNodeInBackground();
    const first = await cluster.init(['--ignore-preflight-errors=all', '-v', '1']);
    if (first.exitCode !== 0) throw new Error(`init failed (${first.exitCode}):\n${first.stderr}\n${first.stdout}`);
    const phases = phaseTimes(first);
    const waitingMs = phases['wait-kubelet'] ?? 0;
    const second = await cluster.init(['--ignore-preflight-errors=all']);
    if (second.exitCode !== 0) throw new Error(`second init failed (${second.exitCode}):\n${second.stderr}`);
    return { wallMs: first.wallMs, waitingMs, overheadMs: first.wallMs - waitingMs, secondInitMs: second.wallMs, phases };
  } finally {
    await cluster.stop();
    await cluster.removeFiles();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing Kubernetes binaries ${missing.join(', ')}: run test/e2e/provision/build-kubernetes.sh`);
  const i = process.argv.indexOf('--runs');
  const runs = Math.max(1, Number(i >= 0 ? process.argv[i + 1] : 3) || 3);
  const results: InitTiming[] = [];
  for (let n = 0; n < runs; n++) results.push(await once());
  const pick = (f: (r: InitTiming) => number): number => median(results.map(f));
  const summary = {
    runs,
    initWallMs: pick((r) => r.wallMs),
    waitingForComponentsMs: pick((r) => r.waitingMs),
    minikubeadmOverheadMs: pick((r) => r.overheadMs),
    secondInitMs: pick((r) => r.secondInitMs),
    phasesMs: Object.fromEntries(Object.keys(results[0]!.phases).map((p) => [p, median(results.map((r) => r.phases[p] ?? 0))])),
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const row = (label: string, ms: number): string => `${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(8)} s`;
  const lines = [
    `minikubeadm init on a fresh node, real control plane (median of ${runs})`,
    row('init, start to ready control plane + join command', summary.initWallMs),
    row('  waiting for the components (wait-control-plane)', summary.waitingForComponentsMs),
    row('  minikubeadm overhead (everything else)', summary.minikubeadmOverheadMs),
    row('second init on the same node (no-op)', summary.secondInitMs),
    'per phase:',
    ...Object.entries(summary.phasesMs).map(([p, ms]) => row(`  ${p}`, ms)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
