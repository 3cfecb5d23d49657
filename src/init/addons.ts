/**
 * init phase addons: coredns and kube-proxy. Each renders its templates through the shared pipeline
 * (render → parse → schema-validate) before anything is sent, then creates or updates every object,
 * so a second run changes nothing. `dns.disabled` / `proxy.disabled` skip the addon.
 */
import { COREDNS_DEPLOYMENT, COREDNS_TEMPLATES, COREFILE_TEMPLATE, corednsData } from '../addons/coredns.js';
import { KUBE_PROXY_TEMPLATES, kubeProxyData } from '../addons/kube-proxy.js';
import { renderAddon, renderText } from '../addons/render.js';
import { defaultKubeProxyConfiguration } from '../config/defaults/kube-proxy.js';
import { kubeconfigPath } from '../config/paths.js';
import type { KubeClient } from '../kube/client/client.js';
import { applyAll } from '../kube/objects/apply.js';
import { currentClusterOf } from '../kubeconfig/kubeconfig.js';
import { templateOptions } from '../render/templates.js';
import type { RunContext } from '../workflow/context.js';

async function currentReplicas(client: KubeClient): Promise<number | undefined> {
  const d = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: COREDNS_DEPLOYMENT, namespace: 'kube-system' });
  const n = (d?.['spec'] as { replicas?: unknown } | undefined)?.replicas;
  return typeof n === 'number' ? n : undefined;
}

/** `addons coredns`. */
export async function coreDNS(ctx: RunContext): Promise<void> {
  if (ctx.config.cluster.dns.disabled) {
    ctx.log.info('Not installing CoreDNS: dns.disabled is set in the ClusterConfiguration');
    return;
  }
  const client = await ctx.cluster();
  const templates = templateOptions(ctx.paths, ctx.fs);
  const corefile = await renderText(COREFILE_TEMPLATE, { dnsDomain: ctx.config.cluster.networking.dnsDomain }, templates);
  const objects = await renderAddon(COREDNS_TEMPLATES, corednsData(ctx.config.cluster, corefile, await currentReplicas(client)), templates);
  await applyAll(client, objects, ctx.log);
  ctx.log.info('Applied essential addon: CoreDNS');
}

/** `addons kube-proxy`. */
export async function kubeProxy(ctx: RunContext): Promise<void> {
  if (ctx.config.cluster.proxy.disabled) {
    ctx.log.info('Not installing kube-proxy: proxy.disabled is set in the ClusterConfiguration');
    return;
  }
  const { server } = await currentClusterOf(ctx.fs, kubeconfigPath(ctx.paths, 'admin'), 'kubeconfig admin');
  const built = defaultKubeProxyConfiguration({
    base: ctx.config.kubeProxy,
    advertiseAddress: ctx.config.init.localAPIEndpoint.advertiseAddress,
    podSubnet: ctx.config.cluster.networking.podSubnet,
  });
  for (const w of built.warnings) ctx.log.warn(w);
  const client = await ctx.cluster();
  const objects = await renderAddon(KUBE_PROXY_TEMPLATES, kubeProxyData(ctx.config.cluster, server, built.document), templateOptions(ctx.paths, ctx.fs));
  await applyAll(client, objects, ctx.log);
  ctx.log.info('Applied essential addon: kube-proxy');
}
