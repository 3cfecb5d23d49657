/**
 * The certificates every control-plane node shares, for a control-plane join: downloaded from the
 * kubeadm-certs Secret and decrypted with the certificate key (kubeadm's copycerts
 * DownloadCerts), or, without a key, found on this node's disk where the operator copied them
 * (SharedCertificateExists). Each way fails with its own message before anything is written.
 */
import { join } from 'node:path';
import type { ClusterConfiguration } from '../config/types.js';
import { KUBEADM_CERTS_NAMESPACE, KUBEADM_CERTS_SECRET, type SharedFile, decryptKubeadmCerts, sharedFiles } from './secret.js';
import { MinikubeadmError } from '../errors.js';
import type { Fs } from '../host/fs.js';
import type { KubeClient } from '../kube/client/client.js';
import { decodePem } from '../pki/pem.js';

/** A shared file and its bytes (empty: the Secret holds no value for it, e.g. external etcd without TLS). */
export interface SharedCertificate extends SharedFile {
  bytes: Buffer;
}

const REUPLOAD = 'run `minikubeadm init phase upload-certs --upload-certs` on a control-plane node, then join with the key it prints';

const isPrivateKey = (bytes: Buffer): boolean => decodePem(bytes.toString('utf8')).some((b) => /PRIVATE KEY$/.test(b.type));
const isCertOrPublicKey = (bytes: Buffer): boolean => decodePem(bytes.toString('utf8')).some((b) => b.type === 'CERTIFICATE' || b.type === 'PUBLIC KEY');

/**
 * GET kube-system/kubeadm-certs with the TLS-bootstrap identity and decrypt every value: all or
 * nothing. Each expected file of the cluster's etcd mode must be there, as a key or a certificate.
 */
export async function downloadSharedCertificates(
  client: KubeClient,
  cluster: Pick<ClusterConfiguration, 'etcd'>,
  certificatesDir: string,
  certificateKey: string,
): Promise<SharedCertificate[]> {
  const secret = await client.get({ apiVersion: 'v1', kind: 'Secret', name: KUBEADM_CERTS_SECRET, namespace: KUBEADM_CERTS_NAMESPACE });
  if (!secret) {
    throw new MinikubeadmError(
      'JOIN_REFUSED',
      `error downloading the secret: Secret "${KUBEADM_CERTS_SECRET}" was not found in the "${KUBEADM_CERTS_NAMESPACE}" Namespace. This Secret might have expired (it lives 2 hours after \`init --upload-certs\`)`,
      { hint: REUPLOAD },
    );
  }
  let plain: Map<string, Buffer>;
  try {
    plain = decryptKubeadmCerts(secret, certificateKey);
  } catch (e) {
    if (e instanceof MinikubeadmError) throw e;
    throw new MinikubeadmError('JOIN_REFUSED', `error decoding secret data with provided key: ${(e as Error).message}`, {
      hint: `the --certificate-key is not the key the Secret was encrypted with: use the key printed by the last \`init --upload-certs\` or \`init phase upload-certs --upload-certs\`, or ${REUPLOAD}`,
      cause: e,
    });
  }
  return sharedFiles(cluster, certificatesDir).map((file) => {
    const bytes = plain.get(file.key);
    if (bytes === undefined) {
      throw new MinikubeadmError('JOIN_REFUSED', `error downloading certs: the Secret does not include the required certificate or key - name: ${file.key}, path: ${file.path}`, {
        hint: `the Secret was uploaded for another etcd mode or by another tool: ${REUPLOAD}`,
      });
    }
    if (bytes.length > 0 && !(file.secret ? isPrivateKey(bytes) : isCertOrPublicKey(bytes))) {
      throw new MinikubeadmError('JOIN_REFUSED', `error downloading certs: unknown data found in Secret entry "${file.key}"`, { hint: REUPLOAD });
    }
    return { ...file, bytes };
  });
}

/** Without a certificate key the shared files must already be on this node; the ones missing, as paths. */
export async function missingSharedCertificates(fs: Fs, cluster: Pick<ClusterConfiguration, 'etcd'>, certificatesDir: string): Promise<string[]> {
  // kubeadm's SharedCertificateExists checks the CAs and sa; external etcd client files are the operator's.
  const files = sharedFiles(cluster, certificatesDir).filter((f) => !f.key.startsWith('external-etcd'));
  const missing: string[] = [];
  for (const f of files) if (!(await fs.exists(f.path))) missing.push(f.path);
  return missing;
}

/** The shared files as found on this node (for checks that need the CAs before anything is downloaded). */
export async function sharedCertificatesOnDisk(fs: Fs, cluster: Pick<ClusterConfiguration, 'etcd'>, certificatesDir: string): Promise<SharedCertificate[]> {
  const out: SharedCertificate[] = [];
  for (const f of sharedFiles(cluster, certificatesDir)) out.push({ ...f, bytes: (f.path === '' ? undefined : await fs.read(f.path)) ?? Buffer.alloc(0) });
  return out;
}

/** The bytes of a shared file by its path relative to certificatesDir (`ca.key`, `etcd/ca.crt`). */
export function sharedFile(certs: readonly SharedCertificate[], certificatesDir: string, relative: string): Buffer | undefined {
  const path = join(certificatesDir, relative);
  const found = certs.find((c) => c.path === path);
  return found && found.bytes.length > 0 ? found.bytes : undefined;
}
