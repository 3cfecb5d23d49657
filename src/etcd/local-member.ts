/**
 * This node's stacked etcd member, as its static Pod manifest describes it: the data directory (the
 * `etcd-data` hostPath volume, else --data-dir, as kubeadm reset reads it), the peer URL that names
 * the member in the cluster and the client URLs to reach it.
 */
import { parseYaml } from '../yaml.js';

export interface LocalEtcdMember {
  dataDir: string | undefined;
  peerURL: string | undefined;
  clientURLs: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The member described by the text of etcd.yaml; `undefined` when it is not an etcd Pod manifest. */
export function localEtcdMember(text: string): LocalEtcdMember | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return undefined;
  }
  const spec = obj(obj(doc)['spec']);
  const container = list(spec['containers']).map(obj).find((c) => c['name'] === 'etcd') ?? obj(list(spec['containers'])[0]);
  const argv = [...list(container['command']), ...list(container['args'])].map(String);
  if (argv.length === 0) return undefined;
  const flag = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const volume = list(spec['volumes']).map(obj).find((v) => v['name'] === 'etcd-data');
  const hostPath = obj(volume?.['hostPath'])['path'];
  const split = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    dataDir: typeof hostPath === 'string' && hostPath !== '' ? hostPath : flag('data-dir'),
    peerURL: split(flag('initial-advertise-peer-urls'))[0],
    clientURLs: split(flag('advertise-client-urls')),
  };
}
