/**
 * The config pipeline: load (multi-document YAML, strict) → convert (v1beta3 → v1beta4) → default
 * → validate (every error with its field path), before anything is written.
 */
import type { Logger } from '../log.js';
import type { ConfigFlags } from './flags/table.js';
import type { Config } from './types.js';

export type { ConfigFlags } from './flags/table.js';
export type { Config } from './types.js';

export interface LoadConfigOptions {
  /** `--config FILE`; absent means defaults plus flags. */
  file?: string;
  /** The file's contents when they do not come from disk (e.g. the kubeadm-config ConfigMap); `file` names them. */
  text?: string;
  flags?: ConfigFlags;
  /** `--kubernetes-dir`, from which certificatesDir and etcd dataDir default. */
  kubernetesDir?: string;
  /** Which documents the command needs; `join` requires a JoinConfiguration (from file or flags). */
  command: 'init' | 'join' | 'validate';
  /** Where warnings go (deprecated v1beta3, criSocket without scheme…); default: stderr, prefixed `[config]`. */
  log?: Logger;
  /**
   * What is wrong with a phase name in InitConfiguration.skipPhases or JoinConfiguration.skipPhases
   * (`undefined` when it names a phase of that workflow). The caller knows the phase lists; the
   * problem is reported with the field's path and line.
   */
  checkSkipPhase?: (name: string, workflow: 'init' | 'join') => string | undefined;
  /** `config validate --allow-deprecated-api`: a deprecated (not yet removed) kubeadm API version is only a warning. */
  allowDeprecatedAPI?: boolean;
  /** `config migrate`: read kubeadm API versions the configured Kubernetes version no longer accepts. */
  readRemovedAPI?: boolean;
}

/** Load, convert, default and validate. Throws ValidationError listing every problem. */
export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const { loadConfigImpl } = await import('./pipeline.js');
  return loadConfigImpl(options);
}
