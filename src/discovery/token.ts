/**
 * Token discovery, as kubeadm's discovery/token does it:
 *  1. GET kube-public/cluster-info anonymously, without trusting the server, until the ConfigMap
 *     carries the bootstrapsigner's detached JWS for this token id (every 5 s, up to the timeout);
 *  2. check the JWS over the kubeconfig with the token secret (constant time);
 *  3. check the cluster CA inside it against the --discovery-token-ca-cert-hash pins;
 *  4. GET it again, now trusting only that CA, and require the same kubeconfig, byte for byte.
 * Each way this can fail has its own message and hint; nothing is written.
 */
import { parseBootstrapToken } from '../config/bootstrap-token.js';
import { readClusterInfo } from '../kubeconfig/cluster-info.js';
import type { Kubeconfig } from '../kubeconfig/kubeconfig.js';
import type { Logger } from '../log.js';
import { endpoint } from '../net/http.js';
import { PEM_CERTIFICATE, decodePem, encodePem } from '../pki/pem.js';
import { PinSet, hashCertificate } from '../pki/pubkeypin.js';
import { JWS_SIGNATURE_KEY_PREFIX, detachedSignatureIsValid } from '../token/jws.js';
import { type ClusterInfoAnswer, discoveryError, isTlsIdentityError, pollClusterInfo } from './fetch.js';
import { subjectAltNames } from './peer.js';
import type { DiscoveredCluster } from './types.js';

export interface TokenDiscoveryInputs {
  /** `host:port` of the API server, as typed. */
  endpoint: string;
  token: string;
  caCertHashes: readonly string[];
  unsafeSkipCAVerification: boolean;
  timeoutMs: number;
  /** Between attempts; kubeadm's 5 s by default. */
  intervalMs?: number;
  log: Logger;
}

const KUBECONFIG_KEY = 'kubeconfig';

/** The certificates of a PEM bundle, each as its own PEM. */
function certificatesOf(pem: string): string[] {
  return decodePem(pem)
    .filter((b) => b.type === PEM_CERTIFICATE)
    .map((b) => encodePem(PEM_CERTIFICATE, b.der));
}

/** Why the token's signature is not (yet) there, from what the ConfigMap does carry. */
function noSignature(id: string, data: Record<string, string>, server: string): ReturnType<typeof discoveryError> {
  const others = Object.keys(data).filter((k) => k.startsWith(JWS_SIGNATURE_KEY_PREFIX)).map((k) => k.slice(JWS_SIGNATURE_KEY_PREFIX.length));
  if (others.length > 0) {
    return discoveryError(
      `could not find a JWS signature in the cluster-info ConfigMap for token ID "${id}": the cluster signs it for other tokens (${others.join(', ')}), so this token is unknown to the cluster, has expired or was deleted, or lacks the "signing" usage`,
      'create a new token on a control-plane node (`minikubeadm token create --print-join-command`) and join with it',
    );
  }
  return discoveryError(
    `could not find a JWS signature in the cluster-info ConfigMap for token ID "${id}" at ${server}, and it carries no signature for any token`,
    "the controller-manager's bootstrapsigner signs cluster-info for every valid signing token: it may not have done so yet (wait and retry), " +
      'the kube-controller-manager may not be running or lack the bootstrapsigner controller (--controllers must include bootstrapsigner), ' +
      'or the token expired or was deleted: check `kubectl -n kube-system get pods -l component=kube-controller-manager` and create a new token with `minikubeadm token create`',
  );
}

/** A kubeconfig text from cluster-info, parsed; its cluster must have a server and a CA. */
async function clusterOf(text: string, server: string): Promise<{ kubeconfig: Kubeconfig; server: string; caPem: string }> {
  try {
    return await readClusterInfo(text, `the cluster-info ConfigMap at ${server}`);
  } catch (e) {
    throw discoveryError(`malformed kubeconfig in the cluster-info ConfigMap at ${server}: ${(e as Error).message}`, 'recreate cluster-info on the control plane with `minikubeadm init phase bootstrap-token`', e);
  }
}

export async function tokenDiscovery(inputs: TokenDiscoveryInputs): Promise<DiscoveredCluster> {
  const { log } = inputs;
  const parts = parseBootstrapToken(inputs.token);
  if (!parts) throw discoveryError('the discovery token is not of the form [a-z0-9]{6}.[a-z0-9]{16}', 'pass the token printed by `minikubeadm init` or `minikubeadm token create`');
  const pins = new PinSet();
  pins.allow(...inputs.caCertHashes);
  const base = `https://${inputs.endpoint}`;
  const signature = `${JWS_SIGNATURE_KEY_PREFIX}${parts.id}`;
  const hasSignature = (answer: ClusterInfoAnswer) =>
    answer.data[signature] ? { value: answer } : { error: noSignature(parts.id, answer.data, base), retry: true };

  log.debug(1, `[discovery] Waiting for the cluster-info ConfigMap to receive a JWS signature for token ID "${parts.id}"`);
  const insecure = endpoint(base, { insecure: true });
  let first: ClusterInfoAnswer;
  try {
    first = await pollClusterInfo(insecure, { timeoutMs: inputs.timeoutMs, intervalMs: inputs.intervalMs, log, accept: hasSignature });
  } finally {
    insecure.close();
  }
  const content = first.data[KUBECONFIG_KEY];
  if (!content) {
    throw discoveryError(
      `there is no kubeconfig key in the cluster-info ConfigMap at ${base}. This API Server isn't set up for token bootstrapping, can't connect`,
      'recreate cluster-info on the control plane with `minikubeadm init phase bootstrap-token`',
    );
  }
  if (!detachedSignatureIsValid(first.data[signature]!, content, parts.id, parts.secret)) {
    throw discoveryError(
      `failed to verify JWS signature of received cluster info object, can't trust this API Server (${base})`,
      'the token secret does not match the one the cluster signed with, or cluster-info was altered on the way: check the token (`minikubeadm token list` on a control-plane node) and the network path to the API server',
    );
  }
  const cluster = await clusterOf(content, base);
  if (pins.isEmpty()) {
    log.debug(1, `[discovery] Cluster info signature and contents are valid and no TLS pinning was specified, will use API Server "${inputs.endpoint}"`);
    return { via: 'token', ...cluster, endpoint: inputs.endpoint, endpointCertificate: first.peerCertificate, pinned: [] };
  }
  const cas = certificatesOf(cluster.caPem);
  if (cas.length === 0) throw discoveryError(`failed to parse cluster CA from the cluster-info ConfigMap at ${base}: no PEM certificate`, 'recreate cluster-info on the control plane with `minikubeadm init phase bootstrap-token`');
  if (!cas.some((c) => pins.has(hashCertificate(c)))) {
    throw discoveryError(
      `cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${cas.map((c) => hashCertificate(c)).join(':')}" are pinned`,
      'the API server at the address you typed belongs to another cluster, or the --discovery-token-ca-cert-hash is wrong: compare it with the pin of the control plane\'s ca.crt (`openssl x509 -in ca.crt -pubkey -noout | openssl pkey -pubin -outform der | sha256sum`)',
    );
  }

  log.debug(1, `[discovery] Requesting info from "${inputs.endpoint}" again to validate TLS against the pinned public key`);
  const secure = endpoint(base, { ca: cluster.caPem });
  let second: ClusterInfoAnswer;
  try {
    second = await pollClusterInfo(secure, { timeoutMs: inputs.timeoutMs, intervalMs: inputs.intervalMs, log, accept: hasSignature });
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    if (isTlsIdentityError(cause)) throw secondFetchError(cause.code, inputs.endpoint, first.peerCertificate, e);
    throw e;
  } finally {
    secure.close();
  }
  if (second.data[KUBECONFIG_KEY] !== content) {
    throw discoveryError(
      `the second kubeconfig from the cluster-info ConfigMap (using validated TLS) was different from the first (${base})`,
      'cluster-info changed between the two requests (retry), or something between this node and the API server altered the first, unverified answer',
    );
  }
  log.debug(1, `[discovery] Cluster info signature and contents are valid and TLS certificate validates against pinned roots, will use API Server "${inputs.endpoint}"`);
  return { via: 'token', ...cluster, endpoint: inputs.endpoint, endpointCertificate: first.peerCertificate, pinned: [...inputs.caCertHashes] };
}

/** The second, verified request failed TLS: a certificate not valid for the address typed, or another CA. */
function secondFetchError(code: string, typed: string, presented: Buffer | undefined, cause: unknown): ReturnType<typeof discoveryError> {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const sans = presented ? subjectAltNames(presented) : [];
    return discoveryError(
      `the API server's certificate is signed by the pinned CA but is not valid for the address you typed (${typed})${sans.length ? `: it is valid for ${sans.join(', ')}` : ''}`,
      `join through one of the addresses the certificate names, or add "${typed.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')}" to ClusterConfiguration.apiServer.certSANs on the control plane and re-issue apiserver.crt (move pki/apiserver.crt and .key away, then \`minikubeadm init phase certs apiserver\`)`,
      cause,
    );
  }
  return discoveryError(
    `the server at ${typed} presented a certificate that the cluster CA (pinned by --discovery-token-ca-cert-hash) did not sign (${code}), although its first, unverified answer carried that CA: something between this node and the API server is answering in its place`,
    'do not join through this network path; check for a proxy or another server on that address, and that kube-apiserver serves pki/apiserver.crt signed by pki/ca.crt',
    cause,
  );
}
