// A node whose kubelet runs without a control plane, for the harness's own tests: the kubelet's
// kubeconfig names an API server on the node's loopback where nothing listens (so nothing leaves the
// namespace), with a throwaway client certificate so the kubelet skips TLS bootstrap. The kubelet
// still does everything a node-local test needs: containers through containerd, its cgroups under
// the node's root, its /healthz, the host sysctls, its default paths (inside the node's overlays).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RealNode } from './node.js';

export function writeStandaloneKubeletFiles(node: RealNode, pauseImage: string): void {
  const pki = join(node.dir, 'standalone-pki');
  mkdirSync(pki, { recursive: true });
  mkdirSync(join(node.kubernetesDir, 'manifests'), { recursive: true });
  const key = join(pki, 'client.key');
  const crt = join(pki, 'client.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', crt, '-days', '1', '-subj', `/O=system:nodes/CN=system:node:${node.name}`], { stdio: 'ignore' });
  const b64 = (f: string): string => readFileSync(f).toString('base64');
  writeFileSync(
    join(node.kubernetesDir, 'kubelet.conf'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'none', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': b64(crt) } }],
      users: [{ name: 'node', user: { 'client-certificate-data': b64(crt), 'client-key-data': b64(key) } }],
      contexts: [{ name: 'node', context: { cluster: 'none', user: 'node' } }],
      'current-context': 'node',
    }),
    { mode: 0o600 },
  );
  writeFileSync(
    join(node.kubeletDir, 'config.yaml'),
    [
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      'cgroupDriver: cgroupfs',
      'authentication: {anonymous: {enabled: false}, webhook: {enabled: false}}',
      'authorization: {mode: AlwaysAllow}',
      'healthzBindAddress: 127.0.0.1',
      'healthzPort: 10248',
      'readOnlyPort: 0',
      `staticPodPath: ${join(node.kubernetesDir, 'manifests')}`,
      '',
    ].join('\n'),
  );
  const flags = [`--container-runtime-endpoint=unix://${node.containerd.socket}`, `--hostname-override=${node.name}`, `--node-ip=${node.ip}`, `--pod-infra-container-image=${pauseImage}`];
  writeFileSync(join(node.kubeletDir, 'kubeadm-flags.env'), `KUBELET_KUBEADM_ARGS="${flags.join(' ')}"\n`);
}
