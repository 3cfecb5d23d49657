/**
 * Addresses kubeadm derives from the service subnet: the API server's cluster IP (index 1 of the
 * first service subnet, GetAPIServerVirtualIP) and the cluster DNS IP (index 10, GetDNSIP).
 */
import { MinikubeadmError } from '../errors.js';
import { indexedIP } from '../net/ip.js';
import { DEFAULT_SERVICE_SUBNET } from './constants.js';

const firstSubnet = (serviceSubnet: string): string => serviceSubnet.split(',')[0]!.trim();

/** The API server's service VIP; an error naming the field when the subnet cannot hold it. */
export function apiServerVirtualIP(serviceSubnet: string): string {
  const ip = indexedIP(firstSubnet(serviceSubnet), 1);
  if (ip === undefined) {
    throw new MinikubeadmError('CONFIG_INVALID', `unable to get first IP address from networking.serviceSubnet "${serviceSubnet}"`, {
      hint: 'set networking.serviceSubnet (or --service-cidr) to a CIDR such as 10.96.0.0/12',
    });
  }
  return ip;
}

/** The cluster DNS Service IP (10.96.0.10 by default). */
export function clusterDnsIP(serviceSubnet: string): string {
  return indexedIP(firstSubnet(serviceSubnet), 10) ?? (indexedIP(DEFAULT_SERVICE_SUBNET, 10) as string);
}
