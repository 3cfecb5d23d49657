/**
 * The join doctor with a scripted probe: what it concludes from the endpoint typed, the server
 * cluster-info advertises and the certificates presented, and which fix each problem points to.
 */
import test from 'ava';
import { type Probe, diagnose, findingLines, hostPortOf } from '../../../src/discovery/doctor.js';
import type { DiscoveredCluster } from '../../../src/discovery/types.js';
import { parseKubeconfig } from '../../../src/kubeconfig/kubeconfig.js';
import type { TlsProbeResult } from '../../../src/net/tls-probe.js';
import { type Issued, createSignedCertificate } from '../../../src/pki/issue.js';
import { generateKey, keySpecFor } from '../../../src/pki/keys.js';
import { clusterInfoText, discoveryPki } from '../../helpers/cluster-info.js';

interface Certs {
  caPem: string;
  /** Signed by the cluster CA: DNS cp.example.com, IP 192.0.2.10. */
  apiserver: Buffer;
  /** The same names, signed by another CA. */
  foreign: Buffer;
}

let certs: Promise<Certs> | undefined;
function fixtures(): Promise<Certs> {
  certs ??= (async () => {
    const pki = await discoveryPki();
    const [k1, k2] = await Promise.all([generateKey(keySpecFor('RSA-2048')), generateKey(keySpecFor('RSA-2048'))]);
    const validity = { notBefore: pki.ca.cert.notBefore, notAfter: pki.ca.cert.notAfter };
    const request = { commonName: 'kube-apiserver', usages: ['serverAuth'] as const, dnsNames: ['cp.example.com'], ips: ['192.0.2.10'] };
    const issue = async (ca: Issued, keys: typeof k1): Promise<Buffer> => (await createSignedCertificate(ca, request, keys!, validity)).cert.der;
    return { caPem: pki.ca.cert.pem, apiserver: await issue(pki.ca, k1), foreign: await issue(pki.mitmCA, k2) };
  })();
  return certs;
}

function discovered(c: Certs, server: string, extra: Partial<DiscoveredCluster> = {}): DiscoveredCluster {
  return { via: 'token', server, caPem: c.caPem, kubeconfig: parseKubeconfig(clusterInfoText(server, c.caPem), 'cluster-info'), pinned: [], ...extra };
}

/** A probe that answers from a table and records what it was asked. */
function probe(answers: Record<string, TlsProbeResult>): Probe & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (host: string, port: number): Promise<TlsProbeResult> => {
    calls.push(`${host}:${port}`);
    const a = answers[`${host}:${port}`];
    if (!a) throw new Error(`unexpected probe of ${host}:${port}`);
    return a;
  };
  return Object.assign(fn, { calls });
}

const RECREATE = /set controlPlaneEndpoint to an address every node reaches .*minikubeadm init phase kubeconfig admin.*minikubeadm init phase bootstrap-token/;

test('typed endpoint, advertised server and certificate agree: no problems, no probe', async (t) => {
  const c = await fixtures();
  const p = probe({});
  const report = await diagnose(discovered(c, 'https://192.0.2.10:6443', { endpoint: '192.0.2.10:6443', endpointCertificate: c.apiserver }), p);
  t.deepEqual(report.problems, []);
  t.deepEqual(p.calls, [], 'the certificate from discovery is used; the same server is not probed again');
  t.is(report.apiVersion, 'minikubeadm/v1alpha1');
  t.is(report.kind, 'JoinDoctorReport');
  t.deepEqual(report.typed, { endpoint: '192.0.2.10:6443', reachable: true, certificate: { sans: ['cp.example.com', '192.0.2.10'], coversHost: true, signedByClusterCA: true } });
  t.deepEqual(report.uses, report.typed);
  t.deepEqual(findingLines(report), [
    'endpoint typed 192.0.2.10:6443: reachable, certificate for [cp.example.com 192.0.2.10] signed by the cluster CA',
    'API server used 192.0.2.10:6443: reachable, certificate for [cp.example.com 192.0.2.10] signed by the cluster CA',
    'no problems found',
  ]);
});

test('cluster-info advertises another address this node cannot reach: reachability or cluster-info is the fix', async (t) => {
  const c = await fixtures();
  const p = probe({ 'cp.example.com:6443': { reachable: false, error: 'ENOTFOUND: getaddrinfo ENOTFOUND cp.example.com' } });
  const report = await diagnose(discovered(c, 'https://cp.example.com:6443', { endpoint: '192.0.2.10:6443', endpointCertificate: c.apiserver }), p);
  t.deepEqual(p.calls, ['cp.example.com:6443']);
  t.is(report.problems.length, 1);
  t.is(
    report.problems[0]!.message,
    'cluster-info advertises the API server https://cp.example.com:6443, not the 192.0.2.10:6443 you typed: this node uses https://cp.example.com:6443 for its TLS bootstrap and its kubelet, which this node cannot reach (ENOTFOUND: getaddrinfo ENOTFOUND cp.example.com): the kubelet\'s TLS bootstrap will fail',
  );
  t.regex(report.problems[0]!.hint, /^make cp\.example\.com:6443 reachable from this node, or on the control plane, /);
  t.regex(report.problems[0]!.hint, RECREATE);
  t.deepEqual(findingLines(report), [
    'endpoint typed 192.0.2.10:6443: reachable, certificate for [cp.example.com 192.0.2.10] signed by the cluster CA',
    'API server used cp.example.com:6443: unreachable (ENOTFOUND: getaddrinfo ENOTFOUND cp.example.com)',
  ]);
});

test('cluster-info advertises a reachable address the certificate does not cover: a SAN is the fix', async (t) => {
  const c = await fixtures();
  const p = probe({ '10.0.0.5:6443': { reachable: true, certificate: c.apiserver } });
  const report = await diagnose(discovered(c, 'https://10.0.0.5:6443', { endpoint: '192.0.2.10:6443', endpointCertificate: c.apiserver }), p);
  t.is(report.problems.length, 1);
  t.is(
    report.problems[0]!.message,
    'cluster-info advertises the API server https://10.0.0.5:6443, not the 192.0.2.10:6443 you typed: this node uses https://10.0.0.5:6443 for its TLS bootstrap and its kubelet, whose certificate is not valid for "10.0.0.5" (it names cp.example.com, 192.0.2.10): the kubelet\'s TLS bootstrap will fail',
  );
  t.is(
    report.problems[0]!.hint,
    'add "10.0.0.5" to ClusterConfiguration.apiServer.certSANs on the control plane and re-issue apiserver.crt (move pki/apiserver.crt and .key away, then `minikubeadm init phase certs apiserver`)',
  );
  t.deepEqual(report.uses.certificate, { sans: ['cp.example.com', '192.0.2.10'], coversHost: false, signedByClusterCA: true });
});

test('cluster-info advertises another address that works: only a note, with cluster-info as the fix if unintended', async (t) => {
  const c = await fixtures();
  const p = probe({ 'cp.example.com:6443': { reachable: true, certificate: c.apiserver } });
  const report = await diagnose(discovered(c, 'https://cp.example.com:6443', { endpoint: '192.0.2.10:6443', endpointCertificate: c.apiserver }), p);
  t.is(report.problems.length, 1);
  t.is(report.problems[0]!.message, 'cluster-info advertises the API server https://cp.example.com:6443, not the 192.0.2.10:6443 you typed: this node uses https://cp.example.com:6443 for its TLS bootstrap and its kubelet');
  t.regex(report.problems[0]!.hint, /^nothing to do if cp\.example\.com:6443 is where nodes should reach the control plane; otherwise on the control plane, set controlPlaneEndpoint/);
  t.notRegex(findingLines(report).join('\n'), /no problems found/);
});

test('the typed address missing from the certificate: certSANs is the fix', async (t) => {
  const c = await fixtures();
  const p = probe({});
  const report = await diagnose(discovered(c, 'https://198.51.100.7:6443', { endpoint: '198.51.100.7:6443', endpointCertificate: c.apiserver }), p);
  t.deepEqual(p.calls, []);
  t.deepEqual(report.problems, [
    {
      message: 'the API server certificate presented at 198.51.100.7:6443 is not valid for "198.51.100.7" (it names cp.example.com, 192.0.2.10): discovery\'s verified request to that address fails',
      hint: 'join through an address the certificate names, or add "198.51.100.7" to ClusterConfiguration.apiServer.certSANs on the control plane and re-issue apiserver.crt (move pki/apiserver.crt and .key away, then `minikubeadm init phase certs apiserver`)',
    },
  ]);
});

test('a server certificate the cluster CA did not sign', async (t) => {
  const c = await fixtures();
  const report = await diagnose(discovered(c, 'https://192.0.2.10:6443', { endpoint: '192.0.2.10:6443', endpointCertificate: c.foreign }), probe({}));
  t.deepEqual(report.problems, [
    {
      message: 'the server at 192.0.2.10:6443 presents a certificate the cluster CA did not sign: the kubelet will refuse it',
      hint: 'make sure kube-apiserver serves pki/apiserver.crt signed by pki/ca.crt, and that nothing else answers on that address',
    },
  ]);
  t.deepEqual(findingLines(report), [
    'endpoint typed 192.0.2.10:6443: reachable, certificate for [cp.example.com 192.0.2.10] NOT signed by the cluster CA',
    'API server used 192.0.2.10:6443: reachable, certificate for [cp.example.com 192.0.2.10] NOT signed by the cluster CA',
  ]);
});

test('without the certificate from discovery, the typed endpoint is probed (default port 6443 when none)', async (t) => {
  const c = await fixtures();
  const p = probe({ 'cp.example.com:6443': { reachable: true, certificate: c.apiserver } });
  const report = await diagnose(discovered(c, 'https://cp.example.com:6443', { endpoint: 'cp.example.com:6443' }), p);
  t.deepEqual(p.calls, ['cp.example.com:6443'], 'probed once: the server used is the one typed');
  t.deepEqual(report.problems, []);
});

test('file discovery (nothing typed): an unreachable server, then a certificate that does not cover it', async (t) => {
  const c = await fixtures();
  const down = await diagnose(discovered(c, 'https://192.0.2.10:6443', { via: 'file' }), probe({ '192.0.2.10:6443': { reachable: false, error: 'ECONNREFUSED: connect ECONNREFUSED 192.0.2.10:6443' } }));
  t.is(down.typed, undefined);
  t.deepEqual(down.problems, [{ message: 'this node cannot reach the API server https://192.0.2.10:6443 (ECONNREFUSED: connect ECONNREFUSED 192.0.2.10:6443)', hint: 'check routing and firewalls towards 192.0.2.10:6443' }]);
  t.deepEqual(findingLines(down), ['API server used 192.0.2.10:6443: unreachable (ECONNREFUSED: connect ECONNREFUSED 192.0.2.10:6443)']);

  const uncovered = await diagnose(discovered(c, 'https://10.0.0.5:6443', { via: 'file' }), probe({ '10.0.0.5:6443': { reachable: true, certificate: c.apiserver } }));
  t.deepEqual(uncovered.problems, [
    {
      message: 'the certificate presented at 10.0.0.5:6443 is not valid for "10.0.0.5" (it names cp.example.com, 192.0.2.10)',
      hint: 'add "10.0.0.5" to ClusterConfiguration.apiServer.certSANs on the control plane and re-issue apiserver.crt (move pki/apiserver.crt and .key away, then `minikubeadm init phase certs apiserver`)',
    },
  ]);

  const fine = await diagnose(discovered(c, 'https://cp.example.com:6443', { via: 'file' }), probe({ 'cp.example.com:6443': { reachable: true, certificate: c.apiserver } }));
  t.deepEqual(fine.problems, []);
  t.deepEqual(findingLines(fine), ['API server used cp.example.com:6443: reachable, certificate for [cp.example.com 192.0.2.10] signed by the cluster CA', 'no problems found']);
});

test('a server that presents no certificate is reported reachable without certificate findings', async (t) => {
  const c = await fixtures();
  const report = await diagnose(discovered(c, 'https://192.0.2.10:6443', { via: 'file' }), probe({ '192.0.2.10:6443': { reachable: true, certificate: undefined } }));
  t.deepEqual(report.uses, { endpoint: '192.0.2.10:6443', reachable: true });
  t.deepEqual(findingLines(report), ['API server used 192.0.2.10:6443: reachable', 'no problems found']);
});

test('hostPortOf: brackets off for the host, kept in the text; 443 when no port, always written out', (t) => {
  t.deepEqual(hostPortOf('https://[fd00::10]:6443'), { host: 'fd00::10', port: 6443, text: '[fd00::10]:6443' });
  t.deepEqual(hostPortOf('https://cp.example.com'), { host: 'cp.example.com', port: 443, text: 'cp.example.com:443' });
  t.deepEqual(hostPortOf('https://192.0.2.10:6443/'), { host: '192.0.2.10', port: 6443, text: '192.0.2.10:6443' });
});

test('an endpoint typed with port 443 is the same server as cluster-info\'s https://host:443 (the URL form drops the default port)', async (t) => {
  const c = await fixtures();
  const report = await diagnose(discovered(c, 'https://cp.example.com:443', { endpoint: 'cp.example.com:443', endpointCertificate: c.apiserver }), probe({ 'cp.example.com:443': { reachable: true, certificate: c.apiserver } }));
  t.deepEqual(report.problems, []);
});
