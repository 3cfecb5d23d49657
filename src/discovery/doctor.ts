/**
 * The join doctor: before anything is written, compare the endpoint typed, the server cluster-info
 * advertises (which the TLS bootstrap and the kubelet will use) and the API server certificate's
 * SANs, and check that this node reaches each. Where they disagree it says which one will be used,
 * why the join may fail and what to fix: cluster-info, a SAN, or controlPlaneEndpoint.
 */
import { joinHostPort, parseHostPort } from '../net/host-port.js';
import type { TlsProbeResult } from '../net/tls-probe.js';
import { coversHost, signedBy, subjectAltNames } from './peer.js';
import type { DiscoveredCluster } from './types.js';

export const DOCTOR_API_VERSION = 'minikubeadm/v1alpha1';

export interface EndpointFinding {
  /** `host:port`. */
  endpoint: string;
  reachable: boolean;
  error?: string;
  /** What the server there presented. */
  certificate?: { sans: string[]; coversHost: boolean; signedByClusterCA: boolean };
}

export interface Problem {
  message: string;
  hint: string;
}

export interface JoinDoctorReport {
  apiVersion: typeof DOCTOR_API_VERSION;
  kind: 'JoinDoctorReport';
  /** The endpoint typed (token discovery), checked. */
  typed?: EndpointFinding;
  /** The server the node will use from now on (cluster-info's, or the discovery file's). */
  uses: EndpointFinding;
  problems: Problem[];
}

export type Probe = (host: string, port: number) => Promise<TlsProbeResult>;

/** `https://h:p` → `h:p` (port 443 when none). */
export function hostPortOf(server: string): { host: string; port: number; text: string } {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 443 : Number(url.port);
  return { host, port, text: joinHostPort(host, port) };
}

function finding(text: string, host: string, probed: TlsProbeResult, caPem: string): EndpointFinding {
  if (!probed.reachable) return { endpoint: text, reachable: false, error: probed.error };
  const out: EndpointFinding = { endpoint: text, reachable: true };
  if (probed.certificate) {
    const sans = subjectAltNames(probed.certificate);
    out.certificate = { sans, coversHost: coversHost(sans, host), signedByClusterCA: signedBy(probed.certificate, caPem) };
  }
  return out;
}

const RECREATE_CLUSTER_INFO =
  'on the control plane, set controlPlaneEndpoint to an address every node reaches (a DNS name or a load balancer), re-issue admin.conf with it (move admin.conf away, then `minikubeadm init phase kubeconfig admin`) and re-create cluster-info from it (`minikubeadm init phase bootstrap-token`)';

function addSan(host: string): string {
  return `add "${host}" to ClusterConfiguration.apiServer.certSANs on the control plane and re-issue apiserver.crt (move pki/apiserver.crt and .key away, then \`minikubeadm init phase certs apiserver\`)`;
}

export async function diagnose(discovered: DiscoveredCluster, probe: Probe): Promise<JoinDoctorReport> {
  const used = hostPortOf(discovered.server);
  const problems: Problem[] = [];
  let typed: EndpointFinding | undefined;
  if (discovered.endpoint !== undefined) {
    const { host, port } = parseHostPort(discovered.endpoint, 'the API server endpoint');
    const presented: TlsProbeResult = discovered.endpointCertificate ? { reachable: true, certificate: discovered.endpointCertificate } : await probe(host, Number(port ?? 6443));
    typed = finding(discovered.endpoint, host, presented, discovered.caPem);
    if (typed.certificate && !typed.certificate.coversHost) {
      problems.push({
        message: `the API server certificate presented at ${discovered.endpoint} is not valid for "${host}" (it names ${typed.certificate.sans.join(', ') || 'nothing'}): discovery's verified request to that address fails`,
        hint: `join through an address the certificate names, or ${addSan(host)}`,
      });
    }
  }
  const sameAsTyped = typed !== undefined && typed.endpoint === used.text;
  const uses = sameAsTyped && typed ? typed : finding(used.text, used.host, await probe(used.host, used.port), discovered.caPem);
  if (!sameAsTyped && discovered.endpoint !== undefined) {
    const why = !uses.reachable
      ? `, which this node cannot reach (${uses.error}): the kubelet's TLS bootstrap will fail`
      : uses.certificate && !uses.certificate.coversHost
        ? `, whose certificate is not valid for "${used.host}" (it names ${uses.certificate.sans.join(', ')}): the kubelet's TLS bootstrap will fail`
        : '';
    problems.push({
      message: `cluster-info advertises the API server ${discovered.server}, not the ${discovered.endpoint} you typed: this node uses ${discovered.server} for its TLS bootstrap and its kubelet${why}`,
      hint: why
        ? !uses.reachable
          ? `make ${used.text} reachable from this node, or ${RECREATE_CLUSTER_INFO}`
          : addSan(used.host)
        : `nothing to do if ${used.text} is where nodes should reach the control plane; otherwise ${RECREATE_CLUSTER_INFO}`,
    });
  } else if (!uses.reachable) {
    problems.push({ message: `this node cannot reach the API server ${discovered.server} (${uses.error})`, hint: `check routing and firewalls towards ${used.text}` });
  } else if (uses.certificate && !uses.certificate.coversHost && discovered.endpoint === undefined) {
    problems.push({ message: `the certificate presented at ${used.text} is not valid for "${used.host}" (it names ${uses.certificate.sans.join(', ')})`, hint: addSan(used.host) });
  }
  if (uses.certificate && !uses.certificate.signedByClusterCA) {
    problems.push({
      message: `the server at ${used.text} presents a certificate the cluster CA did not sign: the kubelet will refuse it`,
      hint: 'make sure kube-apiserver serves pki/apiserver.crt signed by pki/ca.crt, and that nothing else answers on that address',
    });
  }
  return { apiVersion: DOCTOR_API_VERSION, kind: 'JoinDoctorReport', ...(typed ? { typed } : {}), uses, problems };
}

/** What the doctor found about each endpoint, one line each (printed under --dry-run and -v 1). */
export function findingLines(report: JoinDoctorReport): string[] {
  const line = (label: string, f: EndpointFinding): string => {
    const cert = f.certificate ? `, certificate for [${f.certificate.sans.join(' ')}]${f.certificate.signedByClusterCA ? ' signed by the cluster CA' : ' NOT signed by the cluster CA'}` : '';
    return `${label} ${f.endpoint}: ${f.reachable ? 'reachable' : `unreachable (${f.error})`}${cert}`;
  };
  const lines = report.typed ? [line('endpoint typed', report.typed)] : [];
  lines.push(line('API server used', report.uses));
  if (report.problems.length === 0) lines.push('no problems found');
  return lines;
}
