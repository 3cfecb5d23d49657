// The KubeletConfiguration and KubeProxyConfiguration documents every test node needs, whoever
// bootstraps it: cgroupfs (no systemd here), a 10 s syncFrequency (mirror Pods otherwise appear
// only on the 1-minute resync) and conntrack.maxPerCore 0 (nf_conntrack_max is read-only outside
// the initial network namespace). Lines of YAML, starting with the document separator.
export function testNodeComponentConfigs(kubeletExtra: readonly string[] = []): string[] {
  return [
    '---',
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    'cgroupDriver: cgroupfs',
    'syncFrequency: 10s',
    ...kubeletExtra,
    '---',
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'kind: KubeProxyConfiguration',
    'conntrack:',
    '  maxPerCore: 0',
  ];
}
