/**
 * File discovery (`--discovery-file FILE` or `https://URL`), as kubeadm's discovery/file and
 * discovery/https do it: the kubeconfig is trusted as it is (no JWS, no pin: the file is the trust),
 * its CA and credentials embedded; then cluster-info is read through the file's own server, CA and
 * credentials to confirm the TLS identity (Forbidden is enough: the TLS handshake succeeded), to warn
 * when cluster-info names another server and to take its CA when the file has none.
 */
import { readClusterInfo } from '../kubeconfig/cluster-info.js';
import { type Kubeconfig, type ReadFile, connectionOf, currentCluster, currentOf, parseKubeconfig } from '../kubeconfig/kubeconfig.js';
import type { Logger } from '../log.js';
import { endpoint } from '../net/http.js';
import { formatElapsed } from '../wait.js';
import { CLUSTER_INFO_MAX_BYTES, discoveryError, fetchClusterInfo, timeForAnother } from './fetch.js';
import type { DiscoveredCluster } from './types.js';

export interface FileDiscoveryInputs {
  /** A kubeconfig file path or an https:// URL. */
  location: string;
  /** Reads the file and anything it refers to. */
  read: ReadFile;
  timeoutMs: number;
  intervalMs?: number;
  log: Logger;
}

const isUrl = (s: string): boolean => /^https:\/\//i.test(s);

/** The kubeconfig at an https:// URL, fetched with this host's trust store (no pinning, as kubeadm). */
async function download(url: string, timeoutMs: number): Promise<string> {
  const target = new URL(url);
  const ep = endpoint(`${target.protocol}//${target.host}`);
  try {
    const res = await ep.request('GET', `${target.pathname}${target.search}`, { timeoutMs, maxBytes: CLUSTER_INFO_MAX_BYTES, headers: { Accept: '*/*' } });
    if (res.status !== 200) {
      throw discoveryError(`error trying to fetch discovery kubeconfig over HTTPS from ${url}, received status ${res.status}`, 'check the URL given to --discovery-file');
    }
    return res.body;
  } catch (e) {
    if ((e as { code?: string }).code === 'DISCOVERY_FAILED') throw e;
    throw discoveryError(`error trying to fetch discovery kubeconfig over HTTPS from ${url}: ${(e as Error).message}`, 'check the URL given to --discovery-file and that this node reaches it', e);
  }
}

export async function fileDiscovery(inputs: FileDiscoveryInputs): Promise<DiscoveredCluster> {
  const { log, location } = inputs;
  const url = isUrl(location);
  let text: string | undefined;
  if (url) text = await download(location, inputs.timeoutMs);
  else text = await inputs.read(location);
  if (text === undefined) throw discoveryError(`the discovery file ${location} does not exist`, 'pass a kubeconfig file or an https:// URL to --discovery-file');
  let kubeconfig: Kubeconfig;
  try {
    kubeconfig = parseKubeconfig(text, location);
  } catch (e) {
    throw discoveryError(`the discovery file ${location} is not a kubeconfig: ${(e as Error).message}`, 'pass a kubeconfig file (e.g. a copy of cluster-info or admin.conf) to --discovery-file', e);
  }
  if (kubeconfig.clusters.length === 0) throw discoveryError('the provided kubeconfig file must have at least one Cluster defined', `fix ${location}`);
  let server: string;
  let caPem: string | undefined;
  try {
    const { cluster } = currentOf(kubeconfig, location);
    server = String(cluster.cluster.server ?? '');
    caPem = (await currentCluster(kubeconfig, location, inputs.read).catch(() => undefined))?.caPem;
  } catch (e) {
    throw discoveryError(`the provided kubeconfig file is malformed: ${(e as Error).message}`, `fix ${location}`, e);
  }
  const { user } = currentOf(kubeconfig, location);
  const credentials = ['token', 'tokenFile', 'client-certificate', 'client-certificate-data', 'exec', 'auth-provider'].some((k) => user.user[k] !== undefined);
  log.debug(1, credentials
    ? '[discovery] Using authentication credentials from the discovery file for validating TLS connection'
    : '[discovery] Discovery file does not contains authentication credentials, using unauthenticated request for validating TLS connection');

  const connection = await connectionOf(kubeconfig, location, inputs.read).catch((e: unknown) => {
    throw discoveryError(`the provided kubeconfig file is malformed: ${(e as Error).message}`, `fix ${location}: the files it names must exist on this node, or embed them (*-data fields)`, e);
  });
  const headers: Record<string, string> = connection.token ? { Authorization: `Bearer ${connection.token}` } : {};
  const ep = endpoint(server, { ca: connection.caPem, cert: connection.certPem, key: connection.keyPem, insecure: connection.insecure }, headers);
  const deadline = Date.now() + inputs.timeoutMs;
  const interval = Math.min(inputs.intervalMs ?? 5_000, inputs.timeoutMs);
  let last: Error | undefined;
  try {
    for (;;) {
      const outcome = await fetchClusterInfo(ep, deadline);
      if (!('error' in outcome)) {
        const info = outcome.data['kubeconfig'];
        const theirs = info ? await clusterInfoCluster(info) : undefined;
        if (!theirs) {
          log.warn("[discovery] The cluster-info ConfigMap isn't set up properly (no usable kubeconfig), but the TLS cert is valid so proceeding...");
        } else {
          if (theirs.server !== server) log.warn(`[discovery] the API Server endpoint "${server}" in use is different from the endpoint "${theirs.server}" which defined in the cluster-info ConfigMap`);
          if (caPem === undefined) {
            caPem = theirs.caPem;
            log.debug(1, '[discovery] Synced CertificateAuthorityData from the cluster-info ConfigMap');
          }
        }
        break;
      }
      if (/\(HTTP 40[13]\)/.test(outcome.error.message)) {
        log.warn('[discovery] Could not access the cluster-info ConfigMap for refreshing the cluster-info information, but the TLS cert is valid so proceeding...');
        break;
      }
      last = outcome.error;
      if (!outcome.retry || !timeForAnother(interval, deadline)) {
        throw discoveryError(`Abort reading the cluster-info ConfigMap after timeout of ${formatElapsed(inputs.timeoutMs)}: ${last.message}`, (outcome.error as { hint?: string }).hint ?? `check ${server}`, last);
      }
      log.debug(1, `[discovery] Error reading the cluster-info ConfigMap, will try again: ${last.message}`);
      await new Promise((r) => setTimeout(r, interval));
    }
  } finally {
    ep.close();
  }
  if (caPem === undefined) throw discoveryError('could not get CA certificate from discovery kubeconfig: no CA certificate found in CertificateAuthorityData', `put the cluster CA into ${location} (certificate-authority-data)`);
  return { via: url ? 'https' : 'file', server, caPem, kubeconfig, pinned: [] };
}

async function clusterInfoCluster(text: string): Promise<{ server: string; caPem: string } | undefined> {
  return readClusterInfo(text, 'cluster-info').catch(() => undefined);
}
