/**
 * `kubeconfig user`: a kubeconfig file for an extra user of the cluster (kubeadm's
 * WriteKubeConfigWithClientCert / WriteKubeConfigWithToken): the cluster's server and CA, and either
 * a new client certificate for CN=<client-name>, O=<org>… signed by the cluster CA, or a token.
 */
import type { KeyObject } from 'node:crypto';
import { MinikubeadmError } from '../errors.js';
import { createClientCertificate } from '../pki/issue.js';
import type { KeyPool, KeySpec } from '../pki/keys.js';
import type { Validity } from '../pki/validity.js';
import { checkSigningCA } from '../pki/verify.js';
import type { CertInfo } from '../pki/x509-read.js';
import { buildKubeconfig, serializeKubeconfig } from './kubeconfig.js';

export interface UserKubeconfigInputs {
  clusterName: string;
  server: string;
  caCert: CertInfo;
  caFiles: { cert: string; key: string };
  /** Needed for a client certificate; absent in external CA mode. */
  caKey: KeyObject | undefined;
  clientName: string;
  organizations: readonly string[];
  validity: Validity;
  now: Date;
  /** Token authentication instead of a client certificate. */
  token?: string;
  keys: KeyPool;
  keySpec: KeySpec;
}

export async function userKubeconfig(inputs: UserKubeconfigInputs): Promise<string> {
  const base = { clusterName: inputs.clusterName, server: inputs.server, caCertPem: inputs.caCert.pem, userName: inputs.clientName };
  if (inputs.token !== undefined) return serializeKubeconfig(buildKubeconfig({ ...base, token: inputs.token }));
  if (!inputs.caKey) {
    throw new MinikubeadmError('PKI_MISSING', `external CA mode: ${inputs.caFiles.key} is absent, so no client certificate can be signed for "${inputs.clientName}"`, {
      hint: 'use --token for token authentication, or have your CA sign a certificate for the user and write the kubeconfig yourself',
    });
  }
  checkSigningCA(inputs.caCert, inputs.caKey, inputs.caFiles, inputs.now, 'the cluster CA cannot sign: fix or renew it first');
  const keys = await inputs.keys.take(inputs.keySpec);
  const issued = await createClientCertificate({ cert: inputs.caCert, key: inputs.caKey }, { commonName: inputs.clientName, organization: inputs.organizations }, keys, inputs.validity);
  return serializeKubeconfig(buildKubeconfig({ ...base, clientCertPem: issued.cert.pem, clientKeyPem: issued.keyPem }));
}
