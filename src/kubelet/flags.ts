/**
 * `<kubelet-dir>/kubeadm-flags.env`: the node-specific kubelet flags kubeadm passes through the
 * systemd drop-in as $KUBELET_KUBEADM_ARGS. At init: the CRI endpoint, the pause image, and
 * --hostname-override when the node name is not the host name. nodeRegistration.kubeletExtraArgs
 * replace flags of the same name; the result is sorted by name, then value.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PAUSE_VERSION } from '../config/constants.js';
import type { Arg, Config } from '../config/types.js';
import type { Paths } from '../host/paths.js';

export const KUBELET_ENV_FILE = 'kubeadm-flags.env';
export const KUBELET_ENV_VARIABLE = 'KUBELET_KUBEADM_ARGS';

/** images.GetPauseImage: `<imageRepository>/pause:<version>`. */
export function pauseImage(config: Config): string {
  return `${config.cluster.imageRepository}/pause:${PAUSE_VERSION}`;
}

/** kubeadm's GetHostname: the kernel host name, trimmed and lower-cased. */
export function localHostname(): string {
  return hostname().trim().toLowerCase();
}

export function kubeletFlags(config: Config, host: string): Arg[] {
  const reg = config.init.nodeRegistration;
  const flags: Arg[] = [];
  if (reg.criSocket) flags.push({ name: 'container-runtime-endpoint', value: reg.criSocket });
  flags.push({ name: 'pod-infra-container-image', value: pauseImage(config) });
  const override = reg.kubeletExtraArgs.find((a) => a.name === 'hostname-override')?.value;
  const nodeName = override ?? (reg.name || host);
  if (nodeName !== host) flags.push({ name: 'hostname-override', value: nodeName });
  return flags;
}

/** ArgumentsToCommand: overrides replace base flags of the same name; sorted by name, then value. */
export function argumentsToCommand(base: readonly Arg[], overrides: readonly Arg[]): string[] {
  const names = new Set(overrides.map((a) => a.name));
  const merged = [...base.filter((a) => !names.has(a.name)), ...overrides];
  merged.sort((a, b) => (a.name === b.name ? cmp(a.value, b.value) : cmp(a.name, b.name)));
  return merged.map((a) => `--${a.name}=${a.value}`);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

export function kubeletEnvFile(config: Config, host: string): string {
  const args = argumentsToCommand(kubeletFlags(config, host), config.init.nodeRegistration.kubeletExtraArgs);
  return `${KUBELET_ENV_VARIABLE}=${goQuote(args.join(' '))}\n`;
}

export const kubeletEnvPath = (paths: Paths): string => join(paths.kubeletDir, KUBELET_ENV_FILE);
