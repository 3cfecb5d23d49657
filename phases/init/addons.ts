/** init phase addons: CoreDNS and kube-proxy, from the templates in templates/coredns/ and templates/kube-proxy/. */
import type { Phase } from '../../src/workflow/phase.js';

const body = () => import('../../src/init/addons.js');

export const addonsPhase: Phase = {
  name: 'addons',
  aliases: ['addon'],
  short: 'Install required addons for passing conformance tests',
  phases: [
    {
      name: 'coredns',
      short: 'Install the CoreDNS addon to a Kubernetes cluster',
      long: 'Renders templates/coredns/Corefile.hbs and templates/coredns/*.yaml.hbs (or your copies in --templates-dir) and creates or updates every object. Skipped when dns.disabled is set.',
      flags: ['kubeconfigDir', 'templatesDir', 'serviceCidr', 'serviceDnsDomain', 'imageRepository'],
      run: async (ctx) => (await body()).coreDNS(ctx),
    },
    {
      name: 'kube-proxy',
      short: 'Install the kube-proxy addon to a Kubernetes cluster',
      long: 'Renders templates/kube-proxy/*.yaml.hbs (or your copies in --templates-dir) and creates or updates every object. Skipped when proxy.disabled is set.',
      flags: ['kubeconfigDir', 'templatesDir', 'podNetworkCidr', 'imageRepository', 'kubernetesVersion', 'apiserverAdvertiseAddress'],
      run: async (ctx) => (await body()).kubeProxy(ctx),
    },
  ],
};
