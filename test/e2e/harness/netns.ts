// Network namespaces for end-to-end test nodes. kubeadm refuses a loopback advertise address and
// these kernels have no dummy interfaces, so every node gets its own namespace with a veth pair
// whose other end sits on a bridge in a per-run "switch" namespace. Nothing is created in (or
// attached to) the host's own network namespace, and every name carries a per-run prefix.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { execa, type Options } from 'execa';
import { addExitHook } from './exit-hooks.js';

export const NETNS_PREFIX = 'mka-';
const BRIDGE = 'br0';
const NODE_IFACE = 'eth0';

export interface NetnsNode {
  /** Name the test gave the node, e.g. "cp1". */
  readonly name: string;
  /** Network namespace the node lives in. */
  readonly ns: string;
  /** The node's address, e.g. "10.213.0.11". */
  readonly ip: string;
  /** The node's address with prefix length, e.g. "10.213.0.11/24". */
  readonly cidr: string;
  /** Interface carrying `ip` inside the namespace. */
  readonly iface: string;
}

export interface TestNetworkOptions {
  /** First three octets of the node subnet (a /24); default "10.213.0". */
  subnet?: string;
  /** Name prefix of every namespace, "mka-<pid>-<hex>-" (default: a new one for this network). */
  prefix?: string;
  /** Called with each namespace name before it is created (a run record, see nodes/run.ts). */
  onCreate?: (ns: string) => void;
}

/** Runs `cmd args` inside network namespace `ns` (through `ip netns exec`). */
export function runInNetns<O extends Options = {}>(ns: string, cmd: string, args: readonly string[] = [], options?: O) {
  return execa('ip', ['netns', 'exec', ns, cmd, ...args], options ?? ({} as O));
}

async function ip(args: readonly string[]): Promise<void> {
  await execa('ip', args);
}

/** Names of all network namespaces on the machine. */
export async function listNetns(): Promise<string[]> {
  const { stdout } = await execa('ip', ['netns', 'list']);
  return stdout.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n !== '');
}

function killPidsSync(ns: string): void {
  const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  for (const pid of (r.stdout ?? '').split('\n').map(Number)) {
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** Kills whatever still runs in `ns`, then deletes it. Synchronous, so exit hooks can use it. */
export function removeNetnsSync(ns: string): void {
  killPidsSync(ns);
  spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

export class TestNetwork {
  /** Unique per run: "mka-<pid>-<random>-". Every namespace of this network starts with it. */
  readonly prefix: string;
  readonly switchNs: string;
  readonly subnet: string;
  readonly #nodes = new Map<string, NetnsNode>();
  readonly #created: string[] = [];
  readonly #unhook: () => void;
  readonly #onCreate: ((ns: string) => void) | undefined;
  #closed = false;

  private constructor(subnet: string, prefix: string | undefined, onCreate: ((ns: string) => void) | undefined) {
    this.prefix = prefix ?? `${NETNS_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}-`;
    this.#onCreate = onCreate;
    this.switchNs = `${this.prefix}switch`;
    this.subnet = subnet;
    this.#unhook = addExitHook(() => this.#removeAllSync());
  }

  /** Creates the switch namespace with its bridge. Call cleanup() when done (t.teardown). */
  static async create(options: TestNetworkOptions = {}): Promise<TestNetwork> {
    const net = new TestNetwork(options.subnet ?? '10.213.0', options.prefix, options.onCreate);
    try {
      await net.#addNs(net.switchNs);
      await ip(['-n', net.switchNs, 'link', 'add', BRIDGE, 'type', 'bridge']);
      await ip(['-n', net.switchNs, 'link', 'set', BRIDGE, 'up']);
    } catch (err) {
      await net.cleanup();
      throw err;
    }
    return net;
  }

  get nodes(): readonly NetnsNode[] {
    return [...this.#nodes.values()];
  }

  node(name: string): NetnsNode {
    const n = this.#nodes.get(name);
    if (!n) throw new Error(`no test node named ${name}`);
    return n;
  }

  /** Adds a node namespace plugged into the switch; hostOctet defaults to 11, 12, 13, ... */
  async addNode(name: string, options: { hostOctet?: number } = {}): Promise<NetnsNode> {
    if (this.#closed) throw new Error('test network already cleaned up');
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) || name === 'switch' || this.#nodes.has(name)) {
      throw new Error(`bad or duplicate test node name: ${name}`);
    }
    const octet = options.hostOctet ?? 11 + this.#nodes.size;
    const ns = `${this.prefix}${name}`;
    const port = `p${this.#created.length}`;
    const node: NetnsNode = { name, ns, ip: `${this.subnet}.${octet}`, cidr: `${this.subnet}.${octet}/24`, iface: NODE_IFACE };
    await this.#addNs(ns);
    const sw = ['-n', this.switchNs];
    // Both ends are created directly inside their namespaces: never visible on the host.
    await ip([...sw, 'link', 'add', port, 'type', 'veth', 'peer', 'name', NODE_IFACE, 'netns', ns]);
    await ip([...sw, 'link', 'set', port, 'master', BRIDGE]);
    await ip([...sw, 'link', 'set', port, 'up']);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    await ip(['-n', ns, 'addr', 'add', node.cidr, 'dev', NODE_IFACE]);
    await ip(['-n', ns, 'link', 'set', NODE_IFACE, 'up']);
    this.#nodes.set(name, node);
    return node;
  }

  /** Runs a command inside the named node's namespace. */
  run<O extends Options = {}>(nodeName: string, cmd: string, args: readonly string[] = [], options?: O) {
    return runInNetns<O>(this.node(nodeName).ns, cmd, args, options);
  }

  /** Kills every process left in this network's namespaces and deletes them. Safe to call twice. */
  async cleanup(): Promise<void> {
    this.#closed = true;
    this.#removeAllSync();
    this.#unhook();
  }

  async #addNs(ns: string): Promise<void> {
    this.#onCreate?.(ns);
    this.#created.push(ns);
    await ip(['netns', 'add', ns]);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  #removeAllSync(): void {
    while (this.#created.length > 0) removeNetnsSync(this.#created.pop()!);
    this.#nodes.clear();
  }
}

/** Creates a fresh test network (a switch namespace); add nodes with addNode(). */
export function createTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  return TestNetwork.create(options);
}
