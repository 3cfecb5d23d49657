/** ManifestInputs over the test config, with fixed host facts (no extra CA dirs, no proxy). */
import { join } from 'node:path';
import type { Config, LocalEtcd } from '../../../src/config/types.js';
import type { ManifestInputs } from '../../../src/manifests/pod.js';
import { type DeepPartial, testConfig } from '../../helpers/config.js';

export const ROOT = '/srv/k8s';
export const PKI = join(ROOT, 'pki');

export function inputsFor(patch: DeepPartial<Config> = {}, host: Partial<Pick<ManifestInputs, 'existingCADirs' | 'proxyEnv' | 'externalCA'>> = {}): ManifestInputs {
  const config = testConfig(ROOT, patch);
  return {
    cluster: config.cluster,
    endpoint: config.init.localAPIEndpoint,
    nodeName: config.init.nodeRegistration.name,
    imagePullPolicy: config.init.nodeRegistration.imagePullPolicy,
    healthCheckTimeout: config.init.timeouts.controlPlaneComponentHealthCheck,
    paths: { certificatesDir: config.cluster.certificatesDir, kubeconfigDir: ROOT, etcdDataDir: config.cluster.etcd.local?.dataDir ?? join(ROOT, 'etcd') },
    existingCADirs: host.existingCADirs ?? [],
    proxyEnv: host.proxyEnv ?? [],
    externalCA: host.externalCA ?? false,
  };
}

/** `--name=value` flags of a command, without the binary. */
export const flags = (command: readonly string[]): string[] => command.slice(1);

/** The value of one flag, or undefined. */
export function flag(command: readonly string[], name: string): string | undefined {
  const hit = command.find((c) => c.startsWith(`--${name}=`));
  return hit?.slice(name.length + 3);
}

/** A partial etcd.local patch (the test DeepPartial does not reach into optional objects). */
export const local = (patch: Partial<LocalEtcd>): LocalEtcd => patch as LocalEtcd;
