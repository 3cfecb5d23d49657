/**
 * The API server URLs written into kubeconfig files, by kubeadm's rules (util/endpoint.go):
 * the local endpoint is https://advertiseAddress:bindPort; the control-plane endpoint is
 * controlPlaneEndpoint's host with its own port (warning when it differs from bindPort) or bindPort.
 */
import type { APIEndpoint, Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import { joinHostPort, parseHostPort, parsePort } from '../net/host-port.js';
import { canonicalIP } from '../net/ip.js';

/** https://advertiseAddress:bindPort (IPv6 bracketed), kubeadm's GetLocalAPIEndpoint. */
export function localAPIEndpoint(endpoint: APIEndpoint): string {
  const ip = canonicalIP(endpoint.advertiseAddress);
  if (ip === undefined) {
    throw new MinikubeadmError('CONFIG_INVALID', `invalid value "${endpoint.advertiseAddress}" given for localAPIEndpoint.advertiseAddress: not an IP address`, {
      hint: 'set localAPIEndpoint.advertiseAddress (or --apiserver-advertise-address) to an IP address of this node',
    });
  }
  if (parsePort(String(endpoint.bindPort)) === undefined) {
    throw new MinikubeadmError('CONFIG_INVALID', `invalid value "${endpoint.bindPort}" given for localAPIEndpoint.bindPort: must be between 1 and 65535`, {
      hint: 'set localAPIEndpoint.bindPort (or --apiserver-bind-port) to a port number, default 6443',
    });
  }
  return `https://${joinHostPort(ip, endpoint.bindPort)}`;
}

/**
 * kubeadm's GetControlPlaneEndpoint for `config` (InitConfiguration's local endpoint). `warn` gets
 * kubeadm's warning when controlPlaneEndpoint's port differs from bindPort.
 */
export function controlPlaneEndpoint(config: Config, warn: (message: string) => void = () => undefined): string {
  const local = config.init.localAPIEndpoint;
  const localURL = localAPIEndpoint(local);
  const cpe = config.cluster.controlPlaneEndpoint;
  if (!cpe) return localURL;
  const { host, port } = parseHostPort(cpe);
  const bindPort = String(local.bindPort);
  if (port !== undefined && port !== bindPort) warn('port specified in controlPlaneEndpoint overrides bindPort in the controlplane address');
  return `https://${joinHostPort(host, port ?? bindPort)}`;
}
