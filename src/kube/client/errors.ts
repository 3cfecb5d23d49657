/**
 * API failures as MinikubeadmError (code API_ERROR) naming the object and the kubeconfig used,
 * with a hint that depends on what went wrong. `reason` is the API's Status reason (Forbidden,
 * NotFound, AlreadyExists, Conflict, Invalid, …) or `Unreachable` when no HTTP answer came back.
 */
import { MinikubeadmError } from '../../errors.js';
import type { HttpResponse, TransportError } from '../../net/http.js';

export type ApiReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'TooManyRequests'
  | 'ServerError'
  | 'Unreachable'
  | 'Unknown';

export class ApiError extends MinikubeadmError {
  readonly status: number;
  readonly reason: ApiReason;

  constructor(message: string, status: number, reason: ApiReason, hint: string, cause?: unknown) {
    super('API_ERROR', message, { hint, cause });
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
  }
}

export const isApiError = (e: unknown, reason?: ApiReason): e is ApiError =>
  e instanceof ApiError && (reason === undefined || e.reason === reason);

/** Worth another try: no answer, the server is overloaded or restarting. */
export const isTransient = (e: unknown): boolean =>
  e instanceof ApiError && (e.reason === 'Unreachable' || e.reason === 'TooManyRequests' || e.reason === 'ServerError');

const REASONS: Record<number, ApiReason> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'Invalid',
  429: 'TooManyRequests',
};

interface Status {
  kind?: string;
  message?: string;
  reason?: string;
}

/** The error for an HTTP answer outside 2xx. `what` reads like `create ConfigMap kube-system/x`. */
export function apiErrorFromResponse(res: HttpResponse, what: string, server: string, kubeconfig: string): ApiError {
  let status: Status = {};
  try {
    status = JSON.parse(res.body) as Status;
  } catch {
    status = { message: res.body.trim().slice(0, 300) };
  }
  let reason: ApiReason = REASONS[res.status] ?? (res.status >= 500 ? 'ServerError' : 'Unknown');
  if (res.status === 409 && status.reason === 'AlreadyExists') reason = 'AlreadyExists';
  const detail = status.message || `HTTP ${res.status}`;
  return new ApiError(`cannot ${what}: ${detail} (HTTP ${res.status} from ${server})`, res.status, reason, hintFor(reason, server, kubeconfig));
}

export function apiErrorFromTransport(e: TransportError, what: string, server: string, kubeconfig: string): ApiError {
  return new ApiError(`cannot ${what}: ${e.message} (${e.code}, API server ${server})`, 0, 'Unreachable', hintFor('Unreachable', server, kubeconfig), e);
}

function hintFor(reason: ApiReason, server: string, kubeconfig: string): string {
  switch (reason) {
    case 'Unauthorized':
      return `the API server rejected the credentials in ${kubeconfig}: check that its client certificate is signed by the cluster CA and not expired (re-run \`minikubeadm init phase kubeconfig\`)`;
    case 'Forbidden':
      return `the identity in ${kubeconfig} is not allowed to do this: use admin.conf (or super-admin.conf), and check the kubeadm:cluster-admins ClusterRoleBinding`;
    case 'Invalid':
      return 'the API server refused the object as invalid: fix the configuration value or template field named in the message';
    case 'Unreachable':
      return `is the API server running and reachable at ${server}? Check \`crictl ps -a\` and the kube-apiserver container logs, and that ${kubeconfig} points at the right address`;
    case 'TooManyRequests':
    case 'ServerError':
      return 'the API server is overloaded or starting up: wait a moment and re-run; if it persists, read the kube-apiserver and etcd logs';
    case 'Conflict':
      return 'the object changed while it was being updated: re-run the phase';
    default:
      return `check the API server at ${server} and the kubeconfig ${kubeconfig}`;
  }
}
