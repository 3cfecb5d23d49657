import type { Phase } from '../../src/workflow/phase.js';

export const addonsPhase: Phase = {
  name: 'addons',
  aliases: ['addon'],
  short: 'Install required addons for passing conformance tests',
  phases: [
    {
      name: 'coredns',
      short: 'Install the CoreDNS addon to a Kubernetes cluster',
      long: 'Renders templates/coredns/*.yaml.hbs (or your copies in --templates-dir) and creates or updates every object. Skipped when dns.disabled is set.',
      flags: ['config', 'kubeconfig-dir', 'templates-dir', 'service-cidr', 'service-dns-domain', 'image-repository', 'dry-run'],
      run: async (ctx, log) => {
        const { installCoreDNS } = await import('../../src/addons/install.js');
        await installCoreDNS(ctx, log);
      },
    },
    {
      name: 'kube-proxy',
      short: 'Install the kube-proxy addon to a Kubernetes cluster',
      long: 'Renders templates/kube-proxy/*.yaml.hbs (or your copies in --templates-dir) and creates or updates every object. Skipped when proxy.disabled is set.',
      flags: ['config', 'kubeconfig-dir', 'templates-dir', 'pod-network-cidr', 'image-repository', 'dry-run'],
      run: async (ctx, log) => {
        const { installKubeProxy } = await import('../../src/addons/install.js');
        await installKubeProxy(ctx, log);
      },
    },
  ],
};
