/**
 * `config migrate`: a kubeadm configuration file of an older API version (v1beta3) or the current
 * one, read, converted, defaulted and validated exactly as `init` and `join` read it, and written
 * back as kubeadm.k8s.io/v1beta4: InitConfiguration and ClusterConfiguration when the file has
 * either (a lone ClusterConfiguration gains its InitConfiguration, as in kubeadm), JoinConfiguration
 * when it has one. KubeletConfiguration and KubeProxyConfiguration documents are kept as given. A
 * bootstrap token that defaulting generated is left out, so no secret is pinned in the new file.
 */
import { toYamlStream } from '../../yaml.js';
import type { LoadConfigOptions } from '../index.js';
import { parseConfigText, readConfigFile } from '../load/parse.js';
import { loadConfigImpl } from '../pipeline.js';
import { encodeClusterConfiguration, encodeInitConfiguration, encodeJoinConfiguration } from './v1beta4.js';

type Json = Record<string, unknown>;

export async function migrateConfig(file: string, options: Pick<LoadConfigOptions, 'kubernetesDir' | 'log' | 'checkSkipPhase'> = {}): Promise<string> {
  const text = await readConfigFile(file);
  const kinds = new Set(parseConfigText(text, file).documents.map((d) => d.kind));
  // A removed API version is read here: converting it is what migrate is for.
  const config = await loadConfigImpl({ file, text, command: 'validate', readRemovedAPI: true, ...options });
  const docs: Json[] = [];
  if (kinds.has('InitConfiguration') || kinds.has('ClusterConfiguration')) {
    const init = encodeInitConfiguration({ ...config.init, bootstrapTokens: config.init.bootstrapTokens.map((t) => (t.generated ? { ...t, token: '' } : t)) });
    docs.push(init, encodeClusterConfiguration(config.cluster));
  }
  if (kinds.has('JoinConfiguration') && config.join) docs.push(encodeJoinConfiguration(config.join));
  if (config.kubelet) docs.push(config.kubelet as Json);
  if (config.kubeProxy) docs.push(config.kubeProxy as Json);
  return toYamlStream(docs, 'kubeadm');
}
