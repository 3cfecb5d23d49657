/**
 * Reading kube-public/cluster-info the way join discovery does: one GET of the ConfigMap through a
 * given endpoint (anonymous and unverified, verified against a CA, or with a kubeconfig's
 * credentials), and the polling loop around it: every `intervalMs` (kubeadm: 5 s) until the
 * discovery timeout, returning the last error when time runs out. Every answer is bounded in size
 * and time, so a server that never answers or answers without end cannot hold the join.
 */
import { MinikubeadmError } from '../errors.js';
import type { Logger } from '../log.js';
import { type Endpoint, type HttpResponse, TransportError } from '../net/http.js';
import { sleep } from '../wait.js';

export const CLUSTER_INFO_PATH = '/api/v1/namespaces/kube-public/configmaps/cluster-info';
/** kubeadm's DiscoveryRetryInterval. */
export const DISCOVERY_RETRY_INTERVAL_MS = 5_000;
/** cluster-info is a few KiB; anything near this size is not a cluster-info ConfigMap. */
export const CLUSTER_INFO_MAX_BYTES = 1 << 20;
/** The longest one request may take. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * No attempt starts with less time than this left: its "no answer in time" would only hide the
 * last real error (a 404, a missing signature).
 */
export const MIN_ATTEMPT_MS = 1_000;

/** Whether another attempt after `intervalMs` still has time (1 s, or one interval when shorter) before `deadline`. */
export const timeForAnother = (intervalMs: number, deadline: number): boolean => Date.now() + intervalMs + Math.min(MIN_ATTEMPT_MS, intervalMs) <= deadline;

export interface ClusterInfoAnswer {
  /** The ConfigMap's data. */
  data: Record<string, string>;
  /** The certificate the server presented (DER). */
  peerCertificate: Buffer | undefined;
}

/** A failed attempt: `retry` says whether waiting can help. */
export interface FetchFailure {
  error: MinikubeadmError;
  retry: boolean;
}

export type FetchOutcome = ClusterInfoAnswer | FetchFailure;

export function discoveryError(message: string, hint: string, cause?: unknown): MinikubeadmError {
  return new MinikubeadmError('DISCOVERY_FAILED', message, { hint, cause });
}

/** TLS errors that mean "this is not the server the CA vouches for": waiting does not change them. */
const TLS_IDENTITY = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

export const isTlsIdentityError = (e: unknown): e is TransportError => e instanceof TransportError && TLS_IDENTITY.has(e.code);

/** One GET of cluster-info through `ep` (whose base URL names the server). */
export async function fetchClusterInfo(ep: Endpoint, deadline: number): Promise<FetchOutcome> {
  const timeoutMs = Math.max(1, Math.min(REQUEST_TIMEOUT_MS, deadline - Date.now()));
  let res: HttpResponse;
  try {
    res = await ep.request('GET', CLUSTER_INFO_PATH, { timeoutMs, maxBytes: CLUSTER_INFO_MAX_BYTES });
  } catch (e) {
    if (isTlsIdentityError(e)) return { error: discoveryError(e.message, 'see the message', e), retry: false };
    const why = e instanceof Error ? e.message : String(e);
    const tooBig = e instanceof TransportError && e.code === 'ETOOBIG';
    return {
      retry: !tooBig,
      error: discoveryError(
        tooBig
          ? `the server at ${ep.base} answered with more than ${CLUSTER_INFO_MAX_BYTES} bytes for the cluster-info ConfigMap, which is a few KiB: it is not a Kubernetes API server`
          : `failed to request the cluster-info ConfigMap from ${ep.base}: ${why}`,
        tooBig
          ? `check the address given to join (${ep.base})`
          : `check that ${ep.base} is the control plane's address and that this node reaches it (routing, firewall: \`curl -k ${ep.base}/healthz\`)`,
        e,
      ),
    };
  }
  if (res.status === 200) {
    let data: unknown;
    try {
      data = (JSON.parse(res.body) as { data?: unknown }).data;
    } catch {
      return { retry: false, error: discoveryError(`the answer of ${ep.base} for the cluster-info ConfigMap is not JSON: it is not a Kubernetes API server`, `check the address given to join (${ep.base})`) };
    }
    const ok = typeof data === 'object' && data !== null && Object.values(data).every((v) => typeof v === 'string');
    if (!ok) return { retry: false, error: discoveryError(`the cluster-info ConfigMap at ${ep.base} has no string data`, 'recreate it on the control plane with `minikubeadm init phase bootstrap-token`') };
    return { data: data as Record<string, string>, peerCertificate: res.peerCertificate };
  }
  const status = `HTTP ${res.status}`;
  if (res.status === 401 || res.status === 403) {
    return {
      retry: true,
      error: discoveryError(
        `the API server at ${ep.base} does not let this request read the cluster-info ConfigMap (${status})`,
        'on the control plane, `minikubeadm init phase bootstrap-token` creates the Role and RoleBinding that let anonymous users read it',
      ),
    };
  }
  if (res.status === 404) {
    return {
      retry: true,
      error: discoveryError(`there is no cluster-info ConfigMap in kube-public at ${ep.base} (${status}): the control plane has not published it yet`, 'run `minikubeadm init phase bootstrap-token` on the control plane'),
    };
  }
  return { retry: true, error: discoveryError(`failed to request the cluster-info ConfigMap from ${ep.base}: ${status} ${res.body.trim().slice(0, 200)}`, 'check the API server logs on the control plane') };
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  log: Logger;
  /** Judges an answer: a value to stop with, or the error to retry with (and whether to retry). */
  accept: (answer: ClusterInfoAnswer) => { value: ClusterInfoAnswer } | FetchFailure;
}

/** Poll cluster-info through `ep` until `accept` takes an answer; on timeout, the last error. */
export async function pollClusterInfo(ep: Endpoint, options: PollOptions): Promise<ClusterInfoAnswer> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = Math.min(options.intervalMs ?? DISCOVERY_RETRY_INTERVAL_MS, options.timeoutMs);
  for (;;) {
    const outcome = await fetchClusterInfo(ep, deadline);
    const judged = 'error' in outcome ? outcome : options.accept(outcome);
    if ('value' in judged) return judged.value;
    if (!judged.retry || !timeForAnother(interval, deadline)) throw judged.error;
    options.log.debug(1, `Retrying due to error: ${judged.error.message}`);
    await sleep(interval);
  }
}
