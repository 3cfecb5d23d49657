/**
 * `<kubelet-dir>/kubeadm-flags.env`: the node-specific kubelet flags kubeadm passes through the
 * systemd drop-in as $KUBELET_KUBEADM_ARGS. At init: the CRI endpoint, the pause image, and
 * --hostname-override when the node name is not the host name. nodeRegistration.kubeletExtraArgs
 * replace flags of the same name; the result is sorted by name, then value.
 */
import { argumentsToCommand } from '../config/args.js';
import { PAUSE_VERSION } from '../config/constants.js';
import type { Arg, NodeRegistrationOptions } from '../config/types.js';

const KUBELET_ENV_VARIABLE = 'KUBELET_KUBEADM_ARGS';

/** What the flags are made from: this node's registration and the cluster's image repository. */
export interface KubeletFlagsInput {
  nodeRegistration: NodeRegistrationOptions;
  imageRepository: string;
}

/** images.GetPauseImage: `<imageRepository>/pause:<version>`. */
function pauseImage(imageRepository: string): string {
  return `${imageRepository}/pause:${PAUSE_VERSION}`;
}

/** kubeadm's GetHostname: the kernel host name, trimmed and lower-cased. */
export function normalizeHostname(name: string): string {
  return name.trim().toLowerCase();
}

/** The flags kubeadm writes, before kubeletExtraArgs; `host` is this machine's (normalized) host name. */
function kubeletFlags(input: KubeletFlagsInput, host: string): Arg[] {
  const reg = input.nodeRegistration;
  const flags: Arg[] = [];
  if (reg.criSocket) flags.push({ name: 'container-runtime-endpoint', value: reg.criSocket });
  flags.push({ name: 'pod-infra-container-image', value: pauseImage(input.imageRepository) });
  const override = reg.kubeletExtraArgs.find((a) => a.name === 'hostname-override')?.value;
  const nodeName = override ?? (reg.name || host);
  if (nodeName !== host) flags.push({ name: 'hostname-override', value: nodeName });
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
  const args = argumentsToCommand(kubeletFlags(input, host), input.nodeRegistration.kubeletExtraArgs);
  return `${KUBELET_ENV_VARIABLE}=${goQuote(args.join(' '))}\n`;
}
