// A worker joined the way `kubeadm join` leaves a node, done by the harness until `minikubeadm join`
// exists: the cluster CA, a bootstrap-kubelet.conf with the token, the kubelet-config ConfigMap as
// config.yaml, a kubeadm-flags.env for this node, then the kubelet (re)started through the node's
// service; the kubelet's own TLS bootstrap gets its client certificate from the controller-manager.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RealNode } from '../nodes/node.js';
import type { InitCluster } from './cluster.js';

export async function joinWorker(cluster: InitCluster, name: string): Promise<RealNode> {
  const pause = cluster.refs.byComponent.pause!;
  const images = cluster.images.filter((i) => i.component === 'pause' || i.component === 'kube-proxy');
  const worker = await RealNode.create(cluster.run, cluster.net, name, { images, sandboxImage: pause });
  const ca = await readFile(cluster.caFile);
  await mkdir(join(worker.kubernetesDir, 'pki'), { recursive: true });
  await writeFile(join(worker.kubernetesDir, 'pki', 'ca.crt'), ca);
  const bootstrap = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubernetes', cluster: { 'certificate-authority-data': ca.toString('base64'), server: cluster.server } }],
    contexts: [{ name: 'tls-bootstrap-token-user@kubernetes', context: { cluster: 'kubernetes', user: 'tls-bootstrap-token-user' } }],
    'current-context': 'tls-bootstrap-token-user@kubernetes',
    users: [{ name: 'tls-bootstrap-token-user', user: { token: cluster.token } }],
  };
  await writeFile(join(worker.kubernetesDir, 'bootstrap-kubelet.conf'), JSON.stringify(bootstrap, null, 2), { mode: 0o600 });
  // The uploaded kubelet-config holds cp-1's staticPodPath and clientCAFile; on real nodes these
  // are the same paths everywhere, here the worker's files live under its own directory.
  const cm = await cluster.getJson<{ data: { kubelet: string } }>(['-n', 'kube-system', 'configmap', 'kubelet-config']);
  await writeFile(join(worker.kubeletDir, 'config.yaml'), cm.data.kubelet.replaceAll(cluster.kubernetesDir, worker.kubernetesDir));
  const flags = [`--container-runtime-endpoint=unix://${worker.containerd.socket}`, `--hostname-override=${name}`, `--node-ip=${worker.ip}`, `--pod-infra-container-image=${pause}`];
  await writeFile(join(worker.kubeletDir, 'kubeadm-flags.env'), `KUBELET_KUBEADM_ARGS="${flags.join(' ')}"\n`);
  const started = await worker.kubeletService('restart');
  if (started.exitCode !== 0) throw new Error(`the worker's kubelet did not start: ${started.output}`);
  cluster.giveNodePodNetwork(worker);
  return worker;
}
