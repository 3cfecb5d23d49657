// A control plane made by real kubeadm v1.20.2 (the cached build) on a real node, for the interop
// test: `kubeadm init` runs inside the node's mount and network namespaces, so the /etc/kubernetes
// and /var/lib/kubelet it writes (it has no flags to move them) land in the node's overlays, and the
// node's kubelet service uses those standard paths. kubeadm's own configuration is the v1beta2 API
// of its time; the images are the ones `kubeadm config images list` names for it, built from the
// cached binaries (CoreDNS has no source here: its Pods stay ImagePullBackOff, nothing waits for it).
// Other nodes are set up on the same switch; stop() undoes everything.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { type CommandRun, execOn } from '../init/cluster.js';
import { type BuiltImage, type ImageComponent, type ImageRefs, ensureImages, imageRefsOf } from '../images/catalog.js';
import { type TestNetwork, createTestNetwork } from '../harness/netns.js';
import { kubernetesBinDir } from '../harness/paths.js';
import { RealNode } from '../nodes/node.js';
import { ClusterRun } from '../nodes/cluster-run.js';
import { testNodeComponentConfigs } from '../nodes/component-configs.js';
import { TestRun, sweepDeadRuns } from '../nodes/run.js';

export const KUBEADM_VERSION = 'v1.20.2';
export const KUBEADM_NODE = 'kcp-1';
export const POD_SUBNET = '10.244.0.0/16';
/** Image names no registry serves: the images exist only in the nodes' containerd. */
export const IMAGE_REPOSITORY = 'kubeadm-e2e.test/k8s';
/** Debian's etcd 3.5 under a repository and tag of its own, set through etcd.local (kubeadm 1.20's default is 3.4.13-0). */
export const ETCD_IMAGE_REPOSITORY = 'kubeadm-e2e.test/debian';
export const ETCD_IMAGE_TAG = '3.5-debian';
/** A value only this cluster's KubeletConfiguration has: a kubelet running with it read kubelet-config-1.20. */
export const CLUSTER_MAX_PODS = 107;

/** The cached kubeadm binary. */
export function kubeadmPath(): string {
  return join(kubernetesBinDir(), 'kubeadm');
}

/**
 * kubeadm v1.20's own configuration for `init`: v1beta2, the fixed bootstrap token, this node's
 * name, address and CRI socket, the images above, a pod subnet (so the controller-manager assigns
 * podCIDRs), and what such a node needs as for minikubeadm's nodes (cluster.ts configText): the
 * cgroupfs driver, a 10 s pod resync, kube-proxy leaving the host-wide nf_conntrack_max alone.
 * The kubelet gets --node-ip from the node's service (kubelet-service.ts).
 */
export function kubeadmConfigText(o: { ip: string; token: string; criSocket: string }): string {
  return [
    'apiVersion: kubeadm.k8s.io/v1beta2',
    'kind: InitConfiguration',
    'bootstrapTokens:',
    `- token: ${o.token}`,
    '  description: e2e',
    'localAPIEndpoint:',
    `  advertiseAddress: ${o.ip}`,
    '  bindPort: 6443',
    'nodeRegistration:',
    `  name: ${KUBEADM_NODE}`,
    `  criSocket: unix://${o.criSocket}`,
    '---',
    'apiVersion: kubeadm.k8s.io/v1beta2',
    'kind: ClusterConfiguration',
    `kubernetesVersion: ${KUBEADM_VERSION}`,
    `imageRepository: ${IMAGE_REPOSITORY}`,
    'etcd:',
    '  local:',
    `    imageRepository: ${ETCD_IMAGE_REPOSITORY}`,
    `    imageTag: ${ETCD_IMAGE_TAG}`,
    'networking:',
    `  podSubnet: ${POD_SUBNET}`,
    ...testNodeComponentConfigs([`maxPods: ${CLUSTER_MAX_PODS}`]),
    '',
  ].join('\n');
}

/** The `kubeadm join …` command kubeadm printed at the end of init, as argv (starting with "join"). */
export function printedKubeadmJoin(stdout: string): string[] {
  const m = /^ *kubeadm join ((?:[^\n]*\\\n)*[^\n]*)$/m.exec(stdout);
  if (!m) throw new Error(`kubeadm init printed no join command:\n${stdout}`);
  return ['join', ...m[1]!.replaceAll('\\\n', ' ').split(/\s+/).filter(Boolean)];
}

/** Real kubeadm v1.20.2 inside `node`'s mount and network namespaces, as if run on that machine. */
export function kubeadmOn(node: RealNode, args: readonly string[], onLine?: (text: string) => void): Promise<CommandRun> {
  return execOn(node, kubeadmPath(), args, { onNode: true, ...(onLine ? { onLine } : {}) });
}

/** The lines kubeadm v1.20 prints just before it (re)starts the kubelet service (phases/init/kubelet.go, kubeletfinalize.go). */
export const RESTARTING_STEPS = ['[kubelet-start] Starting the kubelet', '[kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf" to point to a rotatable kubelet client certificate and key'] as const;

/** What each kind of node imports: a control plane everything kubeadm runs as static Pods, a worker its sandbox image. */
const CONTROL_PLANE_IMAGES: readonly ImageComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'pause'];

export class KubeadmControlPlane extends ClusterRun {
  readonly configPath: string;

  private constructor(
    run: TestRun,
    net: TestNetwork,
    readonly node: RealNode,
    readonly images: readonly BuiltImage[],
    readonly refs: ImageRefs,
  ) {
    super(run, net);
    this.configPath = join(run.dir, 'kubeadm-init.yaml');
  }

  /** Sweeps dead runs' leftovers, then sets up the node (containerd running, control-plane images imported). */
  static async create(options: { token: string }): Promise<KubeadmControlPlane> {
    sweepDeadRuns();
    const run = TestRun.create();
    try {
      const net = await createTestNetwork({ prefix: run.prefix, onCreate: (ns) => run.track((r) => r.netns.push(ns)) });
      const ip = `${net.subnet}.11`;
      const socket = join(run.dir, 'nodes', KUBEADM_NODE, 'containerd', 'containerd.sock');
      const configPath = join(run.dir, 'kubeadm-init.yaml');
      await writeFile(configPath, kubeadmConfigText({ ip, token: options.token, criSocket: socket }));
      // The images kubeadm itself says this configuration needs.
      const listed = await execa(kubeadmPath(), ['config', 'images', 'list', '--config', configPath], { reject: false });
      if (listed.exitCode !== 0) throw new Error(`kubeadm config images list failed: ${listed.stderr}`);
      const refs = imageRefsOf(String(listed.stdout).split('\n').map((l) => l.trim()).filter(Boolean));
      const pause = refs.byComponent.pause;
      if (!pause) throw new Error(`kubeadm named no pause image:\n${listed.stdout}`);
      const images = await ensureImages({ byComponent: refs.byComponent, unbuildable: [] });
      const node = await RealNode.create(run, net, KUBEADM_NODE, { images: images.filter((i) => CONTROL_PLANE_IMAGES.includes(i.component)), sandboxImage: pause, paths: 'standard' });
      if (node.ip !== ip || node.containerd.socket !== socket) throw new Error(`${KUBEADM_NODE} got ${node.ip} and ${node.containerd.socket}, expected ${ip} and ${socket}`);
      return new KubeadmControlPlane(run, net, node, images, refs);
    } catch (e) {
      run.close();
      throw e;
    }
  }

  get server(): string {
    return `https://${this.node.ip}:6443`;
  }

  get pause(): string {
    return this.refs.byComponent.pause!;
  }

  /**
   * `kubeadm init --config … --skip-phases=preflight` on the node. preflight is skipped because its
   * image pull needs a registry (the images are already in containerd; nothing leaves the
   * machine). kubeadm (re)starts the kubelet through the init system twice: kubelet-start, once
   * the kubelet's files are written, and kubelet-finalize, once kubelet.conf points at the rotated
   * certificate. Inside the node /run is its own tmpfs, so systemctl finds no systemd (whatever
   * the machine runs) and kubeadm only warns. The harness does what systemd would: when kubeadm
   * prints those two steps, it restarts the kubelet through the node's service; kubeadm meanwhile
   * waits for the control plane (up to 4 minutes) as on any machine.
   */
  async init(): Promise<{ init: CommandRun; restarts: { after: string; exitCode: number; output: string }[] }> {
    const restarts: Promise<{ after: string; exitCode: number; output: string }>[] = [];
    const init = await kubeadmOn(this.node, ['init', '--config', this.configPath, '--skip-phases=preflight'], (text) => {
      if (RESTARTING_STEPS.some((step) => text.startsWith(step))) restarts.push(this.node.kubeletService('restart').then((r) => ({ after: text, ...r })));
    });
    await writeFile(join(this.node.logDir, 'kubeadm-init.log'), init.lines.map((l) => `${String(l.at).padStart(6)} ms ${l.text}`).join('\n'));
    return { init, restarts: await Promise.all(restarts) };
  }

  /** kubectl with kubeadm's admin.conf, inside the node (where /etc/kubernetes is). */
  async kubectl(args: readonly string[], options: { input?: string; allowFailure?: boolean; kubeconfig?: string } = {}): Promise<CommandRun> {
    const r = await execOn(this.node, 'kubectl', [`--cache-dir=${join(this.run.dir, 'kubectl-cache')}`, '--kubeconfig', options.kubeconfig ?? '/etc/kubernetes/admin.conf', '--request-timeout=10s', ...args], {
      onNode: true,
      ...(options.input !== undefined ? { input: options.input } : {}),
    });
    if (r.exitCode !== 0 && !options.allowFailure) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
    return r;
  }

  async getJson<T = Record<string, unknown>>(args: readonly string[]): Promise<T> {
    return JSON.parse((await this.kubectl(['get', ...args, '-o', 'json'])).stdout) as T;
  }

  /** Another node on the same switch, with its own directories (a minikubeadm node) unless told otherwise. */
  addNode(name: string, options: { images?: readonly ImageComponent[]; paths?: 'own' | 'standard' } = {}): Promise<RealNode> {
    const images = this.images.filter((i) => (options.images ?? ['pause']).includes(i.component));
    return RealNode.create(this.run, this.net, name, { images, sandboxImage: this.pause, ...(options.paths ? { paths: options.paths } : {}) });
  }

  protected async podCIDROf(node: RealNode): Promise<string> {
    const r = await this.kubectl(['get', 'node', node.name, '-o', 'jsonpath={.spec.podCIDR}'], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() : '';
  }

}
