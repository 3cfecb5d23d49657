// A worker node joined with `minikubeadm join`: a real node holding only the images a worker runs
// (pause, kube-proxy), the join command init printed plus what only this node knows (its name, its
// container runtime's socket, its directories), and the node's kubelet service for minikubeadm to
// (re)start the kubelet through. The kubelet's TLS bootstrap gets its certificate from the
// controller-manager; the harness then writes the node's CNI config, as a CNI DaemonSet would.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RealNode } from '../nodes/node.js';
import { type CommandRun, type InitCluster, minikubeadm } from './cluster.js';

export async function joinWorker(cluster: InitCluster, name: string, joinArgs: readonly string[]): Promise<{ node: RealNode; join: CommandRun }> {
  const pause = cluster.refs.byComponent.pause!;
  const images = cluster.images.filter((i) => i.component === 'pause' || i.component === 'kube-proxy');
  const node = await RealNode.create(cluster.run, cluster.net, name, { images, sandboxImage: pause });
  cluster.giveNodePodNetwork(node);
  const joined = await minikubeadm(node, [
    ...joinArgs,
    '--node-name',
    name,
    '--cri-socket',
    `unix://${node.containerd.socket}`,
    // The kubelet is the cached v1.20.2 one (the skew the suite accepts, as on cp-1).
    '--ignore-preflight-errors=KubeletVersion',
  ]);
  await writeFile(join(node.logDir, 'join.log'), `${joined.stdout}\n--- stderr\n${joined.stderr}\n`);
  return { node, join: joined };
}
