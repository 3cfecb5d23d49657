// What every test cluster shares, whoever bootstraps it (minikubeadm or kubeadm): its run and
// network, the background work a CNI DaemonSet would do on each node, and one teardown.
import type { TestNetwork } from '../harness/netns.js';
import { sleep } from '../harness/wait.js';
import type { RealNode } from './node.js';
import type { TestRun } from './run.js';

export abstract class ClusterRun {
  readonly #background: Promise<void>[] = [];
  #stopping = false;
  #stopped = false;

  protected constructor(
    readonly run: TestRun,
    readonly net: TestNetwork,
  ) {}

  /** The Node's podCIDR as the API server has it, '' until the controller-manager gave it one. */
  protected abstract podCIDROf(node: RealNode): Promise<string>;

  /**
   * What a CNI DaemonSet does on each node: once the controller-manager gave the Node its podCIDR,
   * write the node's CNI config. Runs in the background (bounded) until it worked or stop().
   */
  giveNodePodNetwork(node: RealNode, timeoutMs = 10 * 60_000): void {
    const deadline = Date.now() + timeoutMs;
    this.#background.push(
      (async () => {
        while (!this.#stopping && Date.now() < deadline) {
          const cidr = await this.podCIDROf(node).catch(() => '');
          if (cidr !== '') {
            node.writeCniConfig(cidr);
            return;
          }
          await sleep(1_000);
        }
      })(),
    );
  }

  /** Stops everything this cluster started and removes its namespaces, mounts and cgroups; safe to call twice. */
  async stop(options: { keepFiles?: boolean } = {}): Promise<string[]> {
    this.#stopping = true;
    await Promise.all(this.#background.map((p) => p.catch(() => undefined)));
    if (this.#stopped) return [];
    this.#stopped = true;
    const { left } = this.run.close(options);
    await this.net.cleanup();
    return left;
  }
}
