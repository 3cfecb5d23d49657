/** What join discovery finds: the cluster to join, trusted by a pinned CA or by a discovery file. */
import type { Kubeconfig } from '../kubeconfig/kubeconfig.js';

export interface DiscoveredCluster {
  /** How it was found. */
  via: 'token' | 'file' | 'https';
  /** The API server the TLS-bootstrap identity and the kubelet use: cluster-info's (token) or the file's. */
  server: string;
  /** The cluster CA (PEM). */
  caPem: string;
  /** The discovered kubeconfig (its current cluster holds `server` and the CA; a file may carry credentials). */
  kubeconfig: Kubeconfig;
  /** Token discovery: the `host:port` typed, and the serving certificate it presented (DER). */
  endpoint?: string;
  endpointCertificate?: Buffer;
  /** The CA's public key pins that were checked (empty with unsafeSkipCAVerification or a file). */
  pinned: string[];
}
