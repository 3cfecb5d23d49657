/**
 * addons/coredns and addons/kube-proxy: render each template through the shared pipeline
 * (render → parse → schema-validate), then create or update every object, so a second run changes
 * nothing. `dns.disabled` / `proxy.disabled` skip the addon.
 */
import { join } from 'node:path';
import { MinikubeadmError } from '../errors.js';
import { ADMIN_KUBECONFIG, adminClient } from '../kube/admin.js';
import { applyAll } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { currentCluster } from '../kube/cluster-info.js';
import type { KubeObject } from '../kube/types.js';
import type { Logger } from '../log.js';
import { renderObjects } from '../render/pipeline.js';
import type { RunContext } from '../workflow/context.js';
import { COREDNS_DEPLOYMENT, COREDNS_TEMPLATES, corednsData } from './coredns.js';
import { KUBE_PROXY_TEMPLATES, buildKubeProxyConfiguration, kubeProxyData } from './kube-proxy.js';

async function renderAll(ctx: RunContext, templates: readonly { name: string; kinds: string[] }[], data: unknown): Promise<KubeObject[]> {
  const options = { userTemplatesDir: ctx.paths.userTemplatesDir, builtinTemplatesDir: ctx.paths.builtinTemplatesDir, reader: ctx.fs };
  const objects: KubeObject[] = [];
  // Render everything before sending anything: a broken template changes nothing in the cluster.
  for (const t of templates) objects.push(...((await renderObjects(t.name, data, options, { kinds: t.kinds })).objects as KubeObject[]));
  return objects;
}

async function currentReplicas(client: KubeClient): Promise<number | undefined> {
  const d = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: COREDNS_DEPLOYMENT, namespace: 'kube-system' });
  const n = (d?.['spec'] as { replicas?: unknown } | undefined)?.replicas;
  return typeof n === 'number' ? n : undefined;
}

export async function installCoreDNS(ctx: RunContext, log: Logger): Promise<void> {
  if (ctx.config.cluster.dns.disabled) {
    log.info('Not installing CoreDNS: dns.disabled is set in the ClusterConfiguration');
    return;
  }
  const client = await adminClient(ctx);
  const objects = await renderAll(ctx, COREDNS_TEMPLATES, corednsData(ctx.config.cluster, await currentReplicas(client)));
  await applyAll(client, objects, log);
  log.info('Applied essential addon: CoreDNS');
}

export async function installKubeProxy(ctx: RunContext, log: Logger): Promise<void> {
  if (ctx.config.cluster.proxy.disabled) {
    log.info('Not installing kube-proxy: proxy.disabled is set in the ClusterConfiguration');
    return;
  }
  const adminConf = join(ctx.paths.kubeconfigDir, ADMIN_KUBECONFIG);
  const text = await ctx.fs.readText(adminConf);
  if (text === undefined) {
    throw new MinikubeadmError('KUBECONFIG_INVALID', `kubeconfig file "${adminConf}" does not exist`, { hint: 'create it with `minikubeadm init phase kubeconfig admin`' });
  }
  const { server } = await currentCluster(text, adminConf, (p) => ctx.fs.read(p));
  const built = buildKubeProxyConfiguration(ctx.config);
  for (const w of built.warnings) log.warn(w);
  const client = await adminClient(ctx);
  const objects = await renderAll(ctx, KUBE_PROXY_TEMPLATES, kubeProxyData(ctx.config, server, built.document));
  await applyAll(client, objects, log);
  log.info('Applied essential addon: kube-proxy');
}
