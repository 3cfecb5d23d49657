/** Addresses and URLs used in the manifests (etcdutil.GetClientURL & co., utilsnet.IsIPv6String). */
import { PORTS } from '../config/constants.js';
import type { APIEndpoint } from '../config/types.js';
import { joinHostPort } from '../net/host-port.js';
import { ipFamily, ipToBigInt } from '../net/ip.js';

/** True for an IPv6 address that is not an IPv4-mapped one (Go: To4() == nil). */
export function isIPv6String(address: string): boolean {
  if (ipFamily(address) !== 6) return false;
  return ipToBigInt(address) >> 32n !== 0xffffn;
}

/** 127.0.0.1, or ::1 when the advertise address is IPv6. */
export function localhostFor(advertiseAddress: string): string {
  return isIPv6String(advertiseAddress) ? '::1' : '127.0.0.1';
}

export function clientURLByIP(ip: string): string {
  return `https://${joinHostPort(ip, PORTS.etcdClient)}`;
}

export function etcdClientURL(endpoint: APIEndpoint): string {
  return clientURLByIP(endpoint.advertiseAddress);
}

export function etcdPeerURL(endpoint: APIEndpoint): string {
  return `https://${joinHostPort(endpoint.advertiseAddress, PORTS.etcdPeer)}`;
}

/** `<advertiseAddress>:<bindPort>`, IPv6 bracketed (APIEndpoint.String()). */
export function endpointString(endpoint: APIEndpoint): string {
  return joinHostPort(endpoint.advertiseAddress, endpoint.bindPort);
}
