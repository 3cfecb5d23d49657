/**
 * `<kubelet-dir>/kubeadm-flags.env`: the node-specific kubelet flags kubeadm passes through the
 * systemd drop-in as $KUBELET_KUBEADM_ARGS. At init: the CRI endpoint (unless instance-config.yaml
 * holds it, see ./instance-config.ts), the pause image (before
 * v1.35, whose kubelet dropped the flag), and
 * --hostname-override when the node name is not the host name; a joining worker adds
 * --register-with-taints. nodeRegistration.kubeletExtraArgs
 * replace flags of the same name; the result is sorted by name, then value (from v1.35.1 only
 * kubeadm's own flags are sorted, and kubeletExtraArgs follow in the order given).
 */
import { argumentsToCommand } from '../config/args.js';
import type { Arg, ClusterConfiguration, NodeRegistrationOptions } from '../config/types.js';
import { pauseImage } from '../manifests/images.js';
import { usesNodeLocalCRISocket } from './instance-config.js';
import { keepsUserArgOrder, releaseFor } from '../versions/release.js';

const KUBELET_ENV_VARIABLE = 'KUBELET_KUBEADM_ARGS';

/** What the flags are made from: this node's registration and the cluster's image repository and version. */
export interface KubeletFlagsInput {
  nodeRegistration: NodeRegistrationOptions;
  cluster: Pick<ClusterConfiguration, 'imageRepository' | 'kubernetesVersion' | 'featureGates'>;
  /** A worker joining: its taints go on --register-with-taints (a control plane gets them from mark-control-plane). */
  registerWithTaints?: boolean;
}

/** kubeadm's GetHostname: the kernel host name, trimmed and lower-cased. */
export function normalizeHostname(name: string): string {
  return name.trim().toLowerCase();
}

/** The flags kubeadm writes, before kubeletExtraArgs; `host` is this machine's (normalized) host name. */
function kubeletFlags(input: KubeletFlagsInput, host: string): Arg[] {
  const reg = input.nodeRegistration;
  const flags: Arg[] = [];
  if (reg.criSocket && !usesNodeLocalCRISocket(input.cluster)) flags.push({ name: 'container-runtime-endpoint', value: reg.criSocket });
  if (releaseFor(input.cluster.kubernetesVersion).kubelet.podInfraContainerImageFlag) flags.push({ name: 'pod-infra-container-image', value: pauseImage(input.cluster) });
  const override = reg.kubeletExtraArgs.find((a) => a.name === 'hostname-override')?.value;
  const nodeName = override ?? (reg.name || host);
  if (nodeName !== host) flags.push({ name: 'hostname-override', value: nodeName });
  const taints = reg.taints ?? [];
  if (input.registerWithTaints && taints.length > 0) {
    flags.push({ name: 'register-with-taints', value: taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',') });
  }
  return flags;
}

/**
 * Go's %q for the strings that end up here (backslash escapes for `"`, `\` and control characters),
 * plus `$` and backquote: kubeadm leaves those bare, so a config value could run a command when the
 * file is sourced by a shell. Both sh and systemd's EnvironmentFile read `\$` and `\``
 * inside double quotes as the plain character.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\' || ch === '$' || ch === '`') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The text of kubeadm-flags.env. */
export function kubeletEnvFile(input: KubeletFlagsInput, host: string): string {
  const args = argumentsToCommand(kubeletFlags(input, host), input.nodeRegistration.kubeletExtraArgs, keepsUserArgOrder(input.cluster.kubernetesVersion));
  return `${KUBELET_ENV_VARIABLE}=${goQuote(args.join(' '))}\n`;
}
