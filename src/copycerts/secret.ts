/**
 * kube-system/kubeadm-certs: the certificates and keys every control-plane node shares (the CAs,
 * the service account key pair, the etcd CA or the external etcd client files), each encrypted with
 * the certificate key under kubeadm's data key, owned by a 2-hour bootstrap token so the garbage
 * collector deletes the Secret when the token expires.
 */
import { join } from 'node:path';
import { duration } from '../config/duration.js';
import type { BootstrapToken, ClusterConfiguration } from '../config/types.js';
import type { KubeObject } from '../kube/objects/types.js';
import { decryptBytes, encryptBytes } from './crypto.js';

export const KUBEADM_CERTS_SECRET = 'kubeadm-certs';
export const KUBEADM_CERTS_NAMESPACE = 'kube-system';
/** kubeadm's DefaultCertTokenDuration. */
export const CERT_TOKEN_TTL = '2h0m0s';
export const CERT_TOKEN_DESCRIPTION = 'Proxy for managing TTL for the kubeadm-certs secret';

/** One shared file: its data key in the Secret and where it lives on a node. */
export interface SharedFile {
  key: string;
  path: string;
  /** A private key (written 0600) rather than a certificate or public key (0644). */
  secret: boolean;
}

/** The files kubeadm shares, for the cluster's etcd mode (copycerts' certsToTransfer). */
export function sharedFiles(cluster: Pick<ClusterConfiguration, 'etcd'>, certificatesDir: string): SharedFile[] {
  const pki = (name: string, secret: boolean): SharedFile => ({ key: name.replaceAll('/', '-'), path: join(certificatesDir, name), secret });
  const files = [pki('ca.crt', false), pki('ca.key', true), pki('front-proxy-ca.crt', false), pki('front-proxy-ca.key', true), pki('sa.pub', false), pki('sa.key', true)];
  const external = cluster.etcd.external;
  if (external) {
    files.push(
      { key: 'external-etcd-ca.crt', path: external.caFile, secret: false },
      { key: 'external-etcd.crt', path: external.certFile, secret: false },
      { key: 'external-etcd.key', path: external.keyFile, secret: true },
    );
  } else {
    files.push(pki('etcd/ca.crt', false), pki('etcd/ca.key', true));
  }
  return files;
}

/** The bootstrap token that owns the Secret: 2 hours, no usages and no groups (it authenticates no one). */
export function certTokenSpec(token: string): BootstrapToken {
  return { token, description: CERT_TOKEN_DESCRIPTION, ttl: duration(CERT_TOKEN_TTL), usages: [], groups: [] };
}

/** The Secret: every file's bytes encrypted (a missing file, e.g. external etcd without TLS, stays empty). */
export function kubeadmCertsSecret(contents: ReadonlyMap<string, Buffer | undefined>, certificateKey: string, owner: KubeObject): KubeObject {
  const data: Record<string, string> = {};
  for (const [key, bytes] of contents) data[key] = bytes === undefined || bytes.length === 0 ? '' : encryptBytes(bytes, certificateKey).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: KUBEADM_CERTS_SECRET,
      namespace: KUBEADM_CERTS_NAMESPACE,
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Secret', name: owner.metadata.name, uid: owner.metadata['uid'], controller: true, blockOwnerDeletion: true },
      ],
    },
    data,
  };
}

/** Decrypt every non-empty value of the Secret; one that does not decrypt throws (a wrong key). */
export function decryptKubeadmCerts(secret: KubeObject, certificateKey: string): Map<string, Buffer> {
  const data = (secret['data'] ?? {}) as Record<string, string>;
  const out = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(data)) {
    const raw = Buffer.from(value, 'base64');
    out.set(key, raw.length === 0 ? raw : decryptBytes(raw, certificateKey));
  }
  return out;
}
