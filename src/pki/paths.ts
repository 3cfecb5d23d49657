/** File names of the PKI under certificatesDir (no parsing here, so phases can plan cheaply). */
import { join } from 'node:path';
import { SERVICE_ACCOUNT_KEY_BASE_NAME } from './certlist.js';

export interface CertKeyPaths {
  cert: string;
  key: string;
}

/** `<dir>/<baseName>.crt` and `.key`, as kubeadm's PathsForCertAndKey. */
export function certKeyPaths(dir: string, baseName: string): CertKeyPaths {
  return { cert: join(dir, `${baseName}.crt`), key: join(dir, `${baseName}.key`) };
}

/** Paths of the service account key pair: sa.key and sa.pub. */
export function serviceAccountKeyPaths(certificatesDir: string): { key: string; pub: string } {
  return { key: join(certificatesDir, `${SERVICE_ACCOUNT_KEY_BASE_NAME}.key`), pub: join(certificatesDir, `${SERVICE_ACCOUNT_KEY_BASE_NAME}.pub`) };
}
