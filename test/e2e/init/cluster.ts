// A real cluster for the init end-to-end test and the init benchmark: a control-plane node cp-1 (and
// on request a worker) on a private switch, each a real node (nodes/node.ts: containerd, runc, the
// node images, its own namespaces and cgroups), `minikubeadm init` run on cp-1 with nothing but
// MINIKUBEADM_KUBELET_SERVICE telling it how to (re)start the kubelet, and `kubectl` run inside the
// namespace. stop() undoes everything, by pid and by name, and is safe to call twice.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { type BuiltImage, type ImageRefs, ensureImages, imageRefsFromDryRun } from '../images/catalog.js';
import { type TestNetwork, createTestNetwork, runInNetns } from '../harness/netns.js';
import { cachedEtcdVersion, kubernetesBinDir } from '../harness/paths.js';
import { RealNode } from '../nodes/node.js';
import { joinWorker } from './worker.js';
export { waitFor } from '../harness/wait.js';
import { ClusterRun } from '../nodes/cluster-run.js';
import { testNodeComponentConfigs } from '../nodes/component-configs.js';
import { TestRun, sweepDeadRuns } from '../nodes/run.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
/** What the API server answers while etcd elects a leader or a write times out in it. */
const ETCD_TRANSIENT = /etcdserver: (leader changed|request timed out|no leader|too many requests)|the server is currently unable to handle the request/;
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const NODE_NAME = 'cp-1';
export const WORKER_NAME = 'worker-1';
export const POD_SUBNET = '10.244.0.0/16';
export const STATIC_PODS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
/** The variable minikubeadm reads to drive the kubelet without systemd (src/kubelet/service.ts). */
export const KUBELET_SERVICE_ENV = 'MINIKUBEADM_KUBELET_SERVICE';

export interface OutputLine {
  /** Milliseconds since the command started. */
  at: number;
  text: string;
}

export interface CommandRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  lines: OutputLine[];
  startedAt: number;
  wallMs: number;
}

export interface ClusterOptions {
  /** Fixed bootstrap token written into the config file (see the test for why). */
  token: string;
  /** Give the cluster a stable endpoint (cp-1's address), so control-plane nodes can join. */
  controlPlaneEndpoint?: boolean;
  /** ClusterConfiguration.encryptionAlgorithm (default: minikubeadm's, RSA-2048). */
  encryptionAlgorithm?: string;
}

/**
 * The config file. kubernetesVersion stays the default: the node images carry the v1.20.2 binaries
 * under the names and tags our manifests use. Every flag the default version's manifests give the
 * Kubernetes components exists in v1.20.2. The one adaptation to the binaries the nodes really run
 * is etcd.local.imageTag: the node's etcd is Debian's 3.5, and the default version pins etcd 3.6,
 * whose flags (--feature-gates=InitialCorruptCheck=true, --watch-progress-notify-interval) etcd 3.5
 * rejects; naming the real etcd release makes minikubeadm write the pre-3.6 spellings
 * (--experimental-initial-corrupt-check, --experimental-watch-progress-notify-interval), as kubeadm
 * does for an older etcd image. What a real node of this kind needs, and nothing else, is configured:
 * the node's address for the kubelet (no default route in the namespace), a pod subnet (so the
 * controller-manager assigns podCIDRs), the cgroupfs driver (no systemd), a 10 s pod resync (mirror
 * Pods otherwise appear only on the 1-minute resync), and kube-proxy not touching the host-wide
 * nf_conntrack_max (read-only outside the initial network namespace). etcd's data lives outside
 * the node's dirs so that "no file changed" covers only files minikubeadm owns.
 */
export function configText(node: { ip: string }, dir: string, token: string, criSocket: string, cluster: Pick<ClusterOptions, 'controlPlaneEndpoint' | 'encryptionAlgorithm'> = {}): string {
  return [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: InitConfiguration',
    'bootstrapTokens:',
    `- token: ${token}`,
    `  description: e2e`,
    'localAPIEndpoint:',
    `  advertiseAddress: ${node.ip}`,
    '  bindPort: 6443',
    'nodeRegistration:',
    `  name: ${NODE_NAME}`,
    `  criSocket: unix://${criSocket}`,
    '  kubeletExtraArgs:',
    '  - name: node-ip',
    `    value: ${node.ip}`,
    '---',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: ClusterConfiguration',
    ...(cluster.controlPlaneEndpoint ? [`controlPlaneEndpoint: ${node.ip}:6443`] : []),
    ...(cluster.encryptionAlgorithm ? [`encryptionAlgorithm: ${cluster.encryptionAlgorithm}`] : []),
    'networking:',
    `  podSubnet: ${POD_SUBNET}`,
    'etcd:',
    '  local:',
    `    dataDir: ${join(dir, 'etcd-data')}`,
    `    imageTag: ${cachedEtcdVersion()}-0`,
    ...testNodeComponentConfigs(),
    '',
  ].join('\n');
}

export class InitCluster extends ClusterRun {
  readonly configPath: string;
  worker: RealNode | undefined;
  /** Control-plane nodes joined after cp-1. */
  readonly controlPlanes: RealNode[] = [];

  private constructor(
    run: TestRun,
    net: TestNetwork,
    readonly node: RealNode,
    readonly images: readonly BuiltImage[],
    readonly refs: ImageRefs,
    readonly token: string,
  ) {
    super(run, net);
    this.configPath = join(run.dir, 'init.yaml');
  }

  /** Sweeps dead runs' leftovers, then sets up cp-1 (containerd running, images imported). */
  static async create(options: ClusterOptions): Promise<InitCluster> {
    sweepDeadRuns();
    const run = TestRun.create();
    try {
      const net = await createTestNetwork({ prefix: run.prefix, onCreate: (ns) => run.track((r) => r.netns.push(ns)) });
      const ip = `${net.subnet}.11`;
      const dir = run.dir;
      const socket = join(dir, 'nodes', NODE_NAME, 'containerd', 'containerd.sock');
      const config = configText({ ip }, dir, options.token, socket, options);
      await writeFile(join(dir, 'init.yaml'), config);
      const refs = await imageRefs(join(dir, 'init.yaml'), join(dir, 'dry-run'));
      const images = await ensureImages(refs);
      const pause = refs.byComponent.pause;
      if (!pause) throw new Error('the dry run named no pause image');
      const node = await RealNode.create(run, net, NODE_NAME, { images, sandboxImage: pause });
      if (node.ip !== ip) throw new Error(`cp-1 got ${node.ip}, expected ${ip}`);
      return new InitCluster(run, net, node, images, refs, options.token);
    } catch (e) {
      run.close();
      throw e;
    }
  }

  get dir(): string {
    return this.run.dir;
  }

  get kubernetesDir(): string {
    return this.node.kubernetesDir;
  }

  get kubeletDir(): string {
    return this.node.kubeletDir;
  }

  get manifestsDir(): string {
    return join(this.kubernetesDir, 'manifests');
  }

  get adminConf(): string {
    return join(this.kubernetesDir, 'admin.conf');
  }

  get superAdminConf(): string {
    return join(this.kubernetesDir, 'super-admin.conf');
  }

  get caFile(): string {
    return join(this.kubernetesDir, 'pki', 'ca.crt');
  }

  get server(): string {
    return `https://${this.node.ip}:6443`;
  }

  /**
   * Runs a command inside cp-1's network namespace (or, `onNode`, also inside its mount namespace,
   * seeing the node's file system as its kubelet does), recording when each output line arrived.
   */
  exec(cmd: string, args: readonly string[], input?: string, env: Record<string, string> = {}, onNode = false): Promise<CommandRun> {
    return execOn(this.node, cmd, args, { input, env, onNode });
  }

  /**
   * `minikubeadm init` on cp-1 (inside its namespaces, as on a real node) with the node's dirs and (unless given another) its config. Its only
   * hint about the harness is the kubelet service executable; the cached kubelet is on PATH so that
   * preflight's version check sees the real one.
   */
  init(extra: readonly string[] = [], configPath = this.configPath): Promise<CommandRun> {
    return minikubeadm(this.node, ['init', '--config', configPath, ...extra]);
  }

  /**
   * --ignore-preflight-errors for init on cp-1, by name. The first run: KubeletVersion (the kubelet
   * is v1.20.2 while the manifests target minikubeadm's default version, the skew this suite accepts
   * to run real components built from Debian's source). Again: also what a second init finds held
   * by its own control plane (ports, manifests, etcd's data dir), as with kubeadm.
   */
  preflightIgnores(run: 'first' | 'again'): string {
    const names = ['KubeletVersion'];
    if (run === 'again') {
      const check = (kind: string, path: string): string => `${kind}-${path.replaceAll('/', '-')}`;
      names.push(
        ...['6443', '10259', '10257', '10250', '2379', '2380'].map((p) => `Port-${p}`),
        ...STATIC_PODS.map((n) => check('FileAvailable', join(this.manifestsDir, `${n}.yaml`))),
        check('DirAvailable', join(this.dir, 'etcd-data')),
      );
    }
    return `--ignore-preflight-errors=${names.join(',')}`;
  }

  /**
   * kubectl inside the namespace; throws with stderr on failure unless `allowFailure`. An answer
   * of etcd's passing trouble (a leader election after a member stopped) is retried, up to 5 times.
   */
  async kubectl(args: readonly string[], options: { kubeconfig?: string; input?: string; allowFailure?: boolean } = {}): Promise<CommandRun> {
    const auth = options.kubeconfig === undefined ? [] : ['--kubeconfig', options.kubeconfig];
    let r: CommandRun;
    for (let attempt = 1; ; attempt++) {
      r = await this.exec('kubectl', [`--cache-dir=${join(this.dir, 'kubectl-cache')}`, ...auth, ...args], options.input);
      if (r.exitCode === 0 || attempt === 5 || !ETCD_TRANSIENT.test(r.stderr)) break;
      await new Promise((res) => setTimeout(res, 1000 * attempt));
    }
    if (r.exitCode !== 0 && !options.allowFailure) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
    return r;
  }

  /** kubectl as admin.conf (or another kubeconfig), JSON output parsed. */
  async getJson<T = Record<string, unknown>>(args: readonly string[], kubeconfig = this.adminConf): Promise<T> {
    return JSON.parse((await this.kubectl(['get', ...args, '-o', 'json'], { kubeconfig })).stdout) as T;
  }

  protected async podCIDROf(node: RealNode): Promise<string> {
    // super-admin.conf: admin.conf has no rights until init binds kubeadm:cluster-admins.
    const r = await this.kubectl(['--request-timeout=5s', 'get', 'node', node.name, '-o', 'jsonpath={.spec.podCIDR}'], { kubeconfig: this.superAdminConf, allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() : '';
  }

  /**
   * Sets up another control-plane node (every image) and joins it with `joinArgs` (the
   * control-plane command init printed), with its own name, CRI socket and advertise address.
   */
  async addControlPlane(name: string, joinArgs: readonly string[], extra: readonly string[] = []): Promise<{ node: RealNode; join: CommandRun }> {
    const node = await RealNode.create(this.run, this.net, name, { images: this.images, sandboxImage: this.refs.byComponent.pause! });
    this.controlPlanes.push(node);
    this.giveNodePodNetwork(node);
    return { node, join: await this.joinControlPlane(node, name, joinArgs, extra) };
  }

  /** A node with containerd and no images, for joins that are refused before they need any. */
  spareNode(name: string): Promise<RealNode> {
    return RealNode.create(this.run, this.net, name, { images: [], sandboxImage: this.refs.byComponent.pause! });
  }

  /** `joinArgs` plus this node's name, CRI socket and advertise address, run on `node`; the output goes to its join.log. */
  async joinControlPlane(node: RealNode, name: string, joinArgs: readonly string[], extra: readonly string[] = []): Promise<CommandRun> {
    const joined = await minikubeadm(node, [
      ...joinArgs,
      '--node-name',
      name,
      '--cri-socket',
      `unix://${node.containerd.socket}`,
      '--apiserver-advertise-address',
      node.ip,
      '--ignore-preflight-errors=KubeletVersion',
      ...extra,
    ]);
    await writeFile(join(node.logDir, `join-${name}.log`), joined.lines.map((l) => `${String(l.at).padStart(6)} ms ${l.text}`).join('\n'));
    return joined;
  }

  /** Sets up a worker and joins it with `joinArgs` (the command init printed), see worker.ts. */
  async addWorker(joinArgs: readonly string[], name = WORKER_NAME): Promise<{ node: RealNode; join: CommandRun }> {
    const joined = await joinWorker(this, name, joinArgs);
    this.worker = joined.node;
    return joined;
  }

}

/**
 * Runs a command inside `node`'s network namespace (or, `onNode`, also inside its mount namespace,
 * seeing the node's file system as its kubelet does), recording when each output line arrived
 * (and handing each to `onLine` as it arrives).
 */
export async function execOn(
  node: RealNode,
  cmd: string,
  args: readonly string[],
  o: { input?: string; env?: Record<string, string>; onNode?: boolean; onLine?: (text: string) => void } = {},
): Promise<CommandRun> {
  const startedAt = Date.now();
  const lines: OutputLine[] = [];
  // stdin is always closed: a command that prompts (kubectl without credentials) must not hang.
  const options = { reject: false, input: o.input ?? '', env: { KUBECONFIG: '/dev/null', ...o.env }, timeout: 6 * 60_000 } as const;
  const [enter, ...enterArgs] = node.enter;
  const child = o.onNode ? execa(enter!, [...enterArgs, cmd, ...args], options) : runInNetns(node.net.ns, cmd, args, options);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop()!;
      for (const text of parts) {
        lines.push({ at: Date.now() - startedAt, text });
        o.onLine?.(text);
      }
    });
  }
  const r = await child;
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), lines, startedAt, wallMs: Date.now() - startedAt };
}

/**
 * minikubeadm on `node`, inside its namespaces as on a real machine, with the node's directories.
 * Its only hint about the harness is the node's kubelet service executable; the cached kubelet is
 * on PATH so that preflight's version check sees the real one. Commands that have no kubelet
 * directory (token, certs) take `{ kubelet: false }`.
 */
export function minikubeadm(node: RealNode, args: readonly string[], dirs: { kubelet: boolean } = { kubelet: true }): Promise<CommandRun> {
  const env = { [KUBELET_SERVICE_ENV]: node.service.script, PATH: `${kubernetesBinDir()}:${process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin'}` };
  const kubelet = dirs.kubelet ? ['--kubelet-dir', node.kubeletDir] : [];
  return execOn(node, process.execPath, [CLI, ...args, '--kubernetes-dir', node.kubernetesDir, ...kubelet], { env, onNode: true });
}

/** The `minikubeadm join …` command init printed (the worker one, or the control-plane one), as argv. */
export function printedJoinCommand(initStdout: string, kind: 'worker' | 'control-plane'): string[] {
  const commands = [...initStdout.matchAll(/^ *minikubeadm join ((?:[^\n]*\\\n)*[^\n]*)$/gm)].map((m) => m[1]!.replaceAll('\\\n', ' ').split(/\s+/).filter(Boolean));
  const found = commands.find((argv) => argv.includes('--control-plane') === (kind === 'control-plane'));
  if (!found) throw new Error(`init printed no ${kind} join command:\n${initStdout}`);
  return ['join', ...found];
}

/**
 * The images our manifests name, from a dry run of init with the test config, and the pause image
 * from `config images list` (kubeadm-flags.env has named it only before v1.35).
 */
async function imageRefs(configPath: string, scratch: string): Promise<ImageRefs> {
  const env = { KUBECONFIG: '/dev/null' };
  const r = await execa(process.execPath, [CLI, 'init', '--dry-run', '-v', '1', '--skip-phases', 'preflight', '--config', configPath, '--kubernetes-dir', scratch, '--kubelet-dir', join(scratch, 'kubelet')], { reject: false, env });
  if (r.exitCode !== 0) throw new Error(`init --dry-run failed: ${r.stderr}`);
  const list = await execa(process.execPath, [CLI, 'config', 'images', 'list', '--config', configPath], { reject: false, env });
  if (list.exitCode !== 0) throw new Error(`config images list failed: ${list.stderr}`);
  return imageRefsFromDryRun(String(r.stdout), String(list.stdout).split('\n').filter((l) => l.trim() !== ''));
}
