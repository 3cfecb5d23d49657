// A real test node: its own network namespace on the run's switch, its own persistent mount
// namespace (tmpfs on /run, its log dir on /var/log, overlays with node-local upper dirs on /var/lib,
// /etc, /usr/libexec and /opt, so nothing the kubelet or containerd writes reaches the machine's real
// directories), its own cgroup root in every v1 hierarchy, a containerd with the node images
// imported, and a kubelet service executable for minikubeadm. The kubelet itself is started through
// that service: by minikubeadm's kubelet-start on a control plane, by the harness on a worker.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { BuiltImage } from '../images/catalog.js';
import { type NetnsNode, type TestNetwork, runInNetns } from '../harness/netns.js';
import { kubernetesBinDir } from '../harness/paths.js';
import { type ContainerdLayout, cniConfig, containerdConfig, containerdLayout } from './containerd.js';
import { createCgroupRoot, createMountNamespace, currentOwner, killUntilGone, namespaceInode, pidsInCgroup, pidsInNamespaces } from './host.js';
import { type KubeletServiceLayout, writeKubeletService } from './kubelet-service.js';
import type { TestRun } from './run.js';
import { holdKubeletSysctls } from './sysctls.js';

/** Host directories every node covers with its own copy inside its mount namespace. */
export const OVERLAID = ['/var/lib', '/etc', '/usr/libexec', '/opt'] as const;

export interface RealNodeOptions {
  /** Images to import into the node's containerd. */
  images: readonly BuiltImage[];
  /** The sandbox image (must be among `images`). */
  sandboxImage: string;
  /**
   * Where the node keeps its Kubernetes files. 'own' (the default): directories of its own under the
   * run's directory, which minikubeadm is given as --kubernetes-dir/--kubelet-dir and the kubelet as
   * --root-dir/--cert-dir. 'standard': /etc/kubernetes and /var/lib/kubelet inside the node's mount
   * namespace (so in its overlays), where kubeadm writes them (v1.20 has no flags to change them);
   * the kubelet then uses its own defaults, as on a machine kubeadm set up.
   */
  paths?: 'own' | 'standard';
}

/** Kubernetes directories of a node with standard paths, as seen inside it. */
export const STANDARD_KUBERNETES_DIR = '/etc/kubernetes';
export const STANDARD_KUBELET_DIR = '/var/lib/kubelet';

export class RealNode {
  readonly dir: string;
  /** The node's Kubernetes directory, as its processes see it (see RealNodeOptions.paths and hostPath()). */
  readonly kubernetesDir: string;
  readonly kubeletDir: string;
  readonly paths: 'own' | 'standard';
  readonly logDir: string;
  readonly mountNsFile: string;
  readonly cgroupRoot: string;
  readonly containerd: ContainerdLayout;
  service!: KubeletServiceLayout;
  /** Timings of the node's own set-up, ms. */
  readonly timings: Record<string, number> = {};

  private constructor(
    readonly run: TestRun,
    readonly net: NetnsNode,
    options: RealNodeOptions,
  ) {
    this.dir = join(run.dir, 'nodes', net.name);
    this.paths = options.paths ?? 'own';
    this.kubernetesDir = this.paths === 'own' ? join(this.dir, 'kubernetes') : STANDARD_KUBERNETES_DIR;
    this.kubeletDir = this.paths === 'own' ? join(this.dir, 'kubelet') : STANDARD_KUBELET_DIR;
    this.logDir = join(this.dir, 'logs');
    this.mountNsFile = join(this.dir, 'mnt.ns');
    this.cgroupRoot = `${run.prefix}${net.name}`;
    this.containerd = containerdLayout(this.dir, options.sandboxImage);
  }

  get name(): string {
    return this.net.name;
  }

  get ip(): string {
    return this.net.ip;
  }

  /** Creates the node and starts its containerd; the kubelet is not started. */
  static async create(run: TestRun, network: TestNetwork, name: string, options: RealNodeOptions): Promise<RealNode> {
    const net = await network.addNode(name);
    const node = new RealNode(run, net, options);
    await node.#setUp(options);
    return node;
  }

  async #setUp(options: RealNodeOptions): Promise<void> {
    const t0 = Date.now();
    const ownDirs = this.paths === 'own' ? [this.kubernetesDir, this.kubeletDir] : [];
    for (const d of [...ownDirs, this.logDir, this.containerd.dir, this.containerd.cniConfDir]) mkdirSync(d, { recursive: true, mode: 0o755 });
    // A node forwards packets between its pods (and preflight checks it); per network namespace.
    await runInNetns(this.net.ns, 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);

    this.run.track((r) => r.mountNs.push({ file: this.mountNsFile }));
    const mounts = [
      `mount -t tmpfs -o mode=0755,size=256m ${this.cgroupRoot}-run /run`,
      `mkdir -p ${join(this.dir, 'varlog')} && mount --bind ${join(this.dir, 'varlog')} /var/log`,
      ...OVERLAID.map((d) => {
        const base = join(this.dir, 'overlay', d.slice(1).replaceAll('/', '-'));
        return `mkdir -p ${base}/upper ${base}/work && mount -t overlay -o lowerdir=${d},upperdir=${base}/upper,workdir=${base}/work ${this.cgroupRoot}-ov ${d}`;
      }),
    ];
    createMountNamespace(this.mountNsFile, mounts.join('\n'));
    const inode = namespaceInode(this.mountNsFile);
    this.run.track((r) => {
      const m = r.mountNs.find((x) => x.file === this.mountNsFile);
      if (m && inode !== undefined) m.inode = inode;
    });

    this.run.track((r) => r.cgroups.push(this.cgroupRoot));
    createCgroupRoot(this.cgroupRoot);
    if (!this.run.resources.sysctls) {
      this.run.track((r) => {
        r.sysctls = true;
      });
      holdKubeletSysctls(this.run.prefix, currentOwner());
    }
    this.service = writeKubeletService({
      nodeDir: this.dir,
      kubelet: realpathSync(join(kubernetesBinDir(), 'kubelet')),
      kubernetesDir: this.kubernetesDir,
      kubeletDir: this.kubeletDir,
      ownDirs: this.paths === 'own',
      mountNsFile: this.mountNsFile,
      mountNsInode: inode!,
      netns: this.net.ns,
      netnsInode: namespaceInode(`/run/netns/${this.net.ns}`)!,
      cgroupRoot: this.cgroupRoot,
      nodeIP: this.net.ip,
      criSocket: this.containerd.socket,
    });
    this.run.track((r) => r.pidFiles.push(this.service.pidFile));
    this.timings['namespaces'] = Date.now() - t0;

    const t1 = Date.now();
    await this.#startContainerd();
    this.timings['containerd'] = Date.now() - t1;
    const t2 = Date.now();
    for (const image of options.images) await this.ctr(['images', 'import', image.archive]);
    this.timings['images'] = Date.now() - t2;
  }

  /**
   * Where the machine sees a file of this node: the path itself, or for a path under an overlaid
   * directory (/etc/kubernetes of a node with standard paths) the copy in the node's upper dir.
   * For reading: what the node wrote there is in its upper dir, byte for byte.
   */
  hostPath(path: string): string {
    const base = OVERLAID.find((d) => path === d || path.startsWith(`${d}/`));
    if (!base) return path;
    return join(this.dir, 'overlay', base.slice(1).replaceAll('/', '-'), 'upper', path.slice(base.length));
  }

  /** The argv prefix that runs a command inside the node's mount and network namespaces. */
  get enter(): string[] {
    return ['nsenter', `--mount=${this.mountNsFile}`, `--net=/run/netns/${this.net.ns}`, '--'];
  }

  /** Runs `cmd` inside the node's mount and network namespaces (where its containerd and kubelet live). */
  inside(cmd: string, args: readonly string[], options: { reject?: boolean; input?: string } = {}) {
    return execa('nsenter', [`--mount=${this.mountNsFile}`, `--net=/run/netns/${this.net.ns}`, '--', cmd, ...args], { reject: options.reject ?? true, input: options.input ?? '' });
  }

  /** ctr against the node's containerd, namespace k8s.io. */
  ctr(args: readonly string[], options: { reject?: boolean } = {}) {
    return execa('ctr', ['--address', this.containerd.socket, '-n', 'k8s.io', ...args], { reject: options.reject ?? true });
  }

  async #startContainerd(): Promise<void> {
    const config = join(this.containerd.dir, 'config.toml');
    writeFileSync(config, containerdConfig(this.containerd));
    const log = openSync(join(this.logDir, 'containerd.log'), 'a');
    const child = spawn('nsenter', [`--mount=${this.mountNsFile}`, `--net=/run/netns/${this.net.ns}`, '--', 'containerd', '--config', config], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    closeSync(log);
    child.unref();
    writeFileSync(join(this.containerd.dir, 'containerd.pid'), String(child.pid));
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null) break;
      const r = spawnSync('ctr', ['--address', this.containerd.socket, 'version'], { stdio: 'ignore', timeout: 5_000 });
      if (r.status === 0) return;
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`containerd of ${this.name} did not come up (see ${join(this.logDir, 'containerd.log')})`);
  }

  /** Gives the node its pod network: one bridge config for its podCIDR (what a CNI DaemonSet would write). */
  writeCniConfig(podCIDR: string): void {
    writeFileSync(join(this.containerd.cniConfDir, '10-mka-pods.conflist'), cniConfig(podCIDR));
  }

  /**
   * Every process of the node stops, as when the machine loses power: the kubelet, every container
   * (its cgroup root), containerd and the shims (its namespaces). The namespaces, mounts and files
   * stay, so start() brings the same node back.
   */
  async stopAll(): Promise<void> {
    await this.kubeletService('stop');
    const mnt = namespaceInode(this.mountNsFile);
    const net = namespaceInode(`/run/netns/${this.net.ns}`);
    const inNode = (): number[] => [...pidsInCgroup(this.cgroupRoot), ...pidsInNamespaces({ net: net === undefined ? [] : [net], mnt: mnt === undefined ? [] : [mnt] })];
    if (!killUntilGone(inNode)) throw new Error(`processes of ${this.name} would not stop: ${inNode().join(' ')}`);
  }

  /** After stopAll(): containerd, then the kubelet through its service (which starts the static Pods again). */
  async start(): Promise<void> {
    await this.#startContainerd();
    const r = await this.kubeletService('restart');
    if (r.exitCode !== 0) throw new Error(`the kubelet of ${this.name} did not start: ${r.output}`);
  }

  /** `<service> <verb>`, as systemctl would be called. */
  async kubeletService(verb: 'is-active' | 'stop' | 'restart'): Promise<{ exitCode: number; output: string }> {
    const r = await execa(this.service.script, [verb], { reject: false });
    return { exitCode: r.exitCode ?? -1, output: `${r.stdout}\n${r.stderr}`.trim() };
  }
}
