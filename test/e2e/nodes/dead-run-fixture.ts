// A run to be killed: sets up one real node whose kubelet (standalone.ts) runs a static Pod, prints
// what it created as one JSON line, then waits (at most 10 minutes) for the test to SIGKILL it, so
// that nothing of its own clean-up runs and the sweeper has to remove it all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestNetwork } from '../harness/netns.js';
import { ensureImages } from '../images/catalog.js';
import { RealNode } from './node.js';
import { TestRun } from './run.js';
import { writeStandaloneKubeletFiles } from './standalone.js';

export const HARNESS_PAUSE = 'minikubeadm.test/pause:harness';

export function sleeperManifest(image: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: sleeper, namespace: default}
spec:
  hostNetwork: true
  containers:
  - {name: pause, image: "${image}", imagePullPolicy: Never}
`;
}

async function main(): Promise<void> {
  const run = TestRun.create();
  const net = await createTestNetwork({ prefix: run.prefix, subnet: '10.214.0', onCreate: (ns) => run.track((r) => r.netns.push(ns)) });
  const images = await ensureImages({ byComponent: { pause: HARNESS_PAUSE }, unbuildable: [] });
  const node = await RealNode.create(run, net, 'doomed', { images, sandboxImage: HARNESS_PAUSE });
  writeStandaloneKubeletFiles(node, HARNESS_PAUSE);
  mkdirSync(join(node.kubernetesDir, 'manifests'), { recursive: true });
  writeFileSync(join(node.kubernetesDir, 'manifests', 'sleeper.yaml'), sleeperManifest(HARNESS_PAUSE));
  const started = await node.kubeletService('restart');
  if (started.exitCode !== 0) throw new Error(started.output);
  process.stdout.write(`${JSON.stringify({ prefix: run.prefix, dir: run.dir, node: { ns: node.net.ns, ip: node.ip, cgroupRoot: node.cgroupRoot, mountNsFile: node.mountNsFile, pidFile: node.service.pidFile, socket: node.containerd.socket } })}\n`);
  setTimeout(() => process.exit(3), 10 * 60_000);
}

if (process.argv[1]?.endsWith('dead-run-fixture.js')) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
