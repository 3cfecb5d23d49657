/**
 * kubeadm.k8s.io/v1beta3 by Kubernetes version (the version table): converted with a warning
 * through v1.36, refused from v1.37 on (kubeadm removed it). From v1.36, `config validate` also
 * refuses it unless `--allow-deprecated-api` is given, as kubeadm's does. `config migrate` reads it
 * whatever the version, to rewrite it.
 */
import type { Reporter } from '../report.js';
import { API_VERSION_V1BETA3, API_VERSION_V1BETA4 } from '../types.js';
import { releaseFor } from '../../versions/release.js';

export interface DeprecatedAPIContext {
  command: 'init' | 'join' | 'validate';
  /** `config validate --allow-deprecated-api`. */
  allowDeprecated: boolean;
  /** `config migrate`: everything that can still be converted is read. */
  readRemoved: boolean;
  file: string | undefined;
}

/** `kinds`: the documents the file wrote as v1beta3 (already converted to the v1beta4 shape). */
export function checkDeprecatedAPI(kinds: readonly string[], kubernetesVersion: string, ctx: DeprecatedAPIContext, r: Reporter): void {
  if (kinds.length === 0) return;
  const release = releaseFor(kubernetesVersion);
  const migrate = `run \`minikubeadm config migrate --old-config ${ctx.file ?? 'FILE'}\` to rewrite it as ${API_VERSION_V1BETA4}`;
  const refused = release.config.v1beta3 === 'refused' && !ctx.readRemoved;
  const strictValidate = ctx.command === 'validate' && release.config.allowDeprecatedAPIFlag && !ctx.allowDeprecated && !ctx.readRemoved;
  for (const kind of kinds) {
    if (!refused && !strictValidate) {
      r.warn(`${kind} uses the deprecated API version ${API_VERSION_V1BETA3}; it was converted to ${API_VERSION_V1BETA4}; to update the file, ${migrate}`);
    } else if (refused) {
      r.add(`${kind}.apiVersion`, `${API_VERSION_V1BETA3} was removed in Kubernetes v1.${release.minor}: ${migrate}`);
    } else if (strictValidate) {
      r.add(`${kind}.apiVersion`, `${API_VERSION_V1BETA3} is deprecated: ${migrate}, or pass --allow-deprecated-api to accept it`);
    }
  }
}
