/**
 * Changes to this node's Node object: the control-plane labels and taints (mark-control-plane) and
 * the CRI socket annotation (upload-config). Like kubeadm's PatchNode, each waits for the Node to be
 * registered, computes the change, and sends nothing when the Node already has it.
 */
import { CONTROL_PLANE_LABEL, CONTROL_PLANE_TAINT_KEY, EXCLUDE_LB_LABEL } from '../../config/constants.js';
import type { Taint } from '../../config/types.js';
import { waitFor } from '../../wait.js';
import type { KubeClient } from '../client/client.js';
import { isApiError } from '../client/errors.js';
import type { KubeObject, ObjectRef } from './types.js';

const CRI_SOCKET_ANNOTATION = 'kubeadm.alpha.kubernetes.io/cri-socket';
export const CONTROL_PLANE_LABELS: readonly string[] = [CONTROL_PLANE_LABEL, EXCLUDE_LB_LABEL];

/** nodeRegistration.taints: unset means kubeadm's default taint; an explicit empty list means none. */
export function controlPlaneTaints(configured: Taint[] | undefined): Taint[] {
  return configured ?? [{ key: CONTROL_PLANE_TAINT_KEY, effect: 'NoSchedule' }];
}

/** Taint.ToString(): `key=value:effect`, or `key:effect` without a value. */
export function taintToString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const taintMatches = (a: NodeTaint, b: NodeTaint): boolean => a.key === b.key && a.effect === b.effect;

export interface NodeChange {
  labels?: Record<string, string>;
  taints?: NodeTaint[];
  annotations?: Record<string, string>;
}

/** The control-plane labels (value "") and taints, then the Node's other taints after them. */
export function controlPlaneChange(node: KubeObject, taints: readonly Taint[]): NodeChange {
  const labels = node.metadata.labels ?? {};
  const current = ((node['spec'] as { taints?: NodeTaint[] } | undefined)?.taints ?? []) as NodeTaint[];
  const wanted: NodeTaint[] = taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  const merged = [...wanted, ...current.filter((t) => !wanted.some((w) => taintMatches(w, t)))];
  const change: NodeChange = {};
  if (CONTROL_PLANE_LABELS.some((l) => labels[l] !== '')) change.labels = Object.fromEntries(CONTROL_PLANE_LABELS.map((l) => [l, '']));
  const same =
    merged.length === current.length && merged.every((t, i) => taintMatches(t, current[i]!) && (t.value ?? '') === (current[i]!.value ?? ''));
  if (!same) change.taints = merged.map((t) => current.find((c) => taintMatches(c, t) && (c.value ?? '') === (t.value ?? '')) ?? t);
  return change;
}

/** The annotation telling later kubeadm runs which CRI socket this node uses. */
export function criSocketChange(node: KubeObject, criSocket: string): NodeChange {
  return node.metadata.annotations?.[CRI_SOCKET_ANNOTATION] === criSocket ? {} : { annotations: { [CRI_SOCKET_ANNOTATION]: criSocket } };
}

export const isEmptyChange = (c: NodeChange): boolean => !c.labels && !c.taints && !c.annotations;

const nodeRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Node', name });

/** Wait until the Node exists (it is registered by the kubelet) and return it. */
function waitForNode(client: KubeClient, name: string, timeoutMs: number): Promise<KubeObject> {
  return waitFor(() => client.get(nodeRef(name)), {
    timeoutMs,
    intervalMs: 500,
    what: `the Node "${name}" to be registered`,
    hint: `the kubelet registers the Node: check that it runs (\`systemctl status kubelet\`, \`journalctl -xeu kubelet\`) and that its node name is "${name}" (nodeRegistration.name)`,
  }, (e) => isApiError(e) && !['Unreachable', 'ServerError', 'TooManyRequests', 'NotFound'].includes(e.reason));
}

/**
 * kubeadm's PatchNode: wait for the Node, compute the change from its current state and send it as a
 * merge patch guarded by the resourceVersion (re-read and retried on conflict). Returns whether
 * anything was sent.
 */
export async function patchNode(client: KubeClient, name: string, change: (node: KubeObject) => NodeChange, timeoutMs: number): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const node = await waitForNode(client, name, timeoutMs);
    const c = change(node);
    if (isEmptyChange(c)) return false;
    const metadata: Record<string, unknown> = { resourceVersion: node.metadata.resourceVersion };
    if (c.labels) metadata['labels'] = c.labels;
    if (c.annotations) metadata['annotations'] = c.annotations;
    const patch: Record<string, unknown> = { metadata };
    if (c.taints) patch['spec'] = { taints: c.taints };
    try {
      await client.patch(nodeRef(name), patch, 'merge');
      return true;
    } catch (e) {
      if (attempt < 5 && isApiError(e, 'Conflict')) continue;
      throw e;
    }
  }
}
