// One control-plane node for the init end-to-end test and the init benchmark: a network namespace
// on a private switch, a config file for it, the kubelet stand-in running whatever static pods
// `minikubeadm init` writes, a stand-in for the kubelet's Node registration, and `minikubeadm` /
// `kubectl` run inside the namespace. stop() undoes everything and is safe to call twice.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { KubeletStandin } from '../harness/kubelet-standin.js';
import { type NetnsNode, type TestNetwork, createTestNetwork, runInNetns } from '../harness/netns.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const NODE_NAME = 'cp1';

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
}

/**
 * The config file. kubernetesVersion stays the default: the stand-in runs the cached v1.20.2
 * binaries whatever the image tags say. No extraArgs are needed: every flag our manifests give
 * kube-apiserver, kube-controller-manager and kube-scheduler exists in v1.20.2, and every etcd flag
 * exists in etcd 3.4 (which lacks /livez and /readyz; the stand-in then probes /health). etcd's data
 * lives outside the node's dirs so that "no file changed" covers only files minikubeadm owns. The
 * CRI socket points at nothing: there is no container runtime, the stand-in runs the pods.
 */
export function configText(node: NetnsNode, dir: string, token: string): string {
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
    `  criSocket: unix://${join(dir, 'no-cri.sock')}`,
    '---',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: ClusterConfiguration',
    'etcd:',
    '  local:',
    `    dataDir: ${join(dir, 'etcd-data')}`,
    '',
  ].join('\n');
}

export class InitCluster {
  readonly kubernetesDir: string;
  readonly kubeletDir: string;
  readonly manifestsDir: string;
  readonly configPath: string;
  readonly logDir: string;
  #registrar: Promise<void> | undefined;
  #stopRegistrar = false;
  #stopped = false;

  private constructor(
    readonly dir: string,
    readonly net: TestNetwork,
    readonly node: NetnsNode,
    readonly standin: KubeletStandin,
    readonly token: string,
  ) {
    this.kubernetesDir = join(dir, 'kubernetes');
    this.kubeletDir = join(dir, 'kubelet');
    this.manifestsDir = join(this.kubernetesDir, 'manifests');
    this.configPath = join(dir, 'init.yaml');
    this.logDir = join(dir, 'logs');
  }

  static async create(options: ClusterOptions): Promise<InitCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'mka-init-e2e-'));
    const net = await createTestNetwork();
    try {
      const node = await net.addNode(NODE_NAME);
      const manifests = join(dir, 'kubernetes', 'manifests');
      await mkdir(manifests, { recursive: true, mode: 0o700 });
      // Like the kubelet's file source: manifests are picked up as init writes them.
      const standin = new KubeletStandin({ manifestDir: manifests, logDir: join(dir, 'logs'), netns: node.ns, podIP: node.ip, syncIntervalMs: 500, stopGraceMs: 5_000 });
      const cluster = new InitCluster(dir, net, node, standin, options.token);
      await writeFile(cluster.configPath, configText(node, dir, options.token));
      await standin.start();
      return cluster;
    } catch (e) {
      await net.cleanup();
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
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

  /** Runs a command inside the node namespace, recording when each output line arrived. */
  async exec(cmd: string, args: readonly string[], input?: string): Promise<CommandRun> {
    const startedAt = Date.now();
    const lines: OutputLine[] = [];
    // stdin is always closed: a command that prompts (kubectl without credentials) must not hang.
    const child = runInNetns(this.node.ns, cmd, args, { reject: false, input: input ?? '', env: { KUBECONFIG: '/dev/null' }, timeout: 5 * 60_000 });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop()!;
        for (const text of parts) lines.push({ at: Date.now() - startedAt, text });
      });
    }
    const r = await child;
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), lines, startedAt, wallMs: Date.now() - startedAt };
  }

  /** `minikubeadm init` on this node (with the node's dirs and, unless given another, its config). */
  init(extra: readonly string[] = [], configPath = this.configPath): Promise<CommandRun> {
    return this.exec(process.execPath, [CLI, 'init', '--config', configPath, '--kubernetes-dir', this.kubernetesDir, '--kubelet-dir', this.kubeletDir, ...extra]);
  }

  /** kubectl inside the namespace; throws with stderr on failure unless `allowFailure`. */
  async kubectl(args: readonly string[], options: { kubeconfig?: string; input?: string; allowFailure?: boolean } = {}): Promise<CommandRun> {
    const auth = options.kubeconfig === undefined ? [] : ['--kubeconfig', options.kubeconfig];
    const r = await this.exec('kubectl', [...auth, ...args], options.input);
    if (r.exitCode !== 0 && !options.allowFailure) throw new Error(`kubectl ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
    return r;
  }

  /** kubectl as admin.conf, JSON output parsed. */
  async getJson<T = Record<string, unknown>>(args: readonly string[], kubeconfig = this.adminConf): Promise<T> {
    return JSON.parse((await this.kubectl(['get', ...args, '-o', 'json'], { kubeconfig })).stdout) as T;
  }

  /**
   * What the kubelet would do once the API server answers: register this node's Node object with
   * kubelet.conf (system:node:cp1 may create its own Node). Runs in the background until it worked.
   */
  registerNodeInBackground(): void {
    const node = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: NODE_NAME, labels: { 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
    });
    const kubeletConf = join(this.kubernetesDir, 'kubelet.conf');
    this.#registrar ??= (async () => {
      while (!this.#stopRegistrar) {
        const r = await this.exec('kubectl', ['--kubeconfig', kubeletConf, '--request-timeout=5s', 'create', '-f', '-'], node).catch(() => undefined);
        if (r && (r.exitCode === 0 || /AlreadyExists/.test(r.stderr))) return;
        await new Promise((res) => setTimeout(res, 500));
      }
    })();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopRegistrar = true;
    await this.#registrar?.catch(() => undefined);
    await this.standin.stop();
    await this.net.cleanup();
  }

  /** Remove the temp dir (after stop; keep it when a test failed, for its logs). */
  async removeFiles(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** True when the process may create network namespaces (root). */
export async function canCreateNamespaces(): Promise<boolean> {
  return (await execa('id', ['-u'])).stdout.trim() === '0';
}
