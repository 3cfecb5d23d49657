/**
 * Validate stage: every semantic problem of the defaulted config, collected (never thrown) so the
 * user fixes them in one go. Also refuses control characters in any string: values end up in
 * manifests, kubeconfigs and flags, where a newline could change their structure.
 */
import { controlCharIndex } from './checks.js';
import type { Reporter } from '../report.js';
import type { Config } from '../types.js';
import { validateCluster } from './cluster.js';
import { validateInit, validateJoin } from './node.js';

/** Which documents the command needs checked. */
export interface ValidateScope {
  init: boolean;
  join: boolean;
  /** Per init bootstrap token: was `ttl` given explicitly (it excludes `expires`). */
  tokensWithTtl: readonly boolean[];
}

const NAMES: Readonly<Record<string, string>> = { init: 'InitConfiguration', cluster: 'ClusterConfiguration', join: 'JoinConfiguration' };

/** Report every string under `value` that holds a control character. */
function checkControlChars(value: unknown, path: string, r: Reporter): void {
  if (typeof value === 'string') {
    const at = controlCharIndex(value);
    if (at >= 0) {
      const code = value.charCodeAt(at);
      const what = code === 10 ? 'a newline' : code === 13 ? 'a carriage return' : code === 9 ? 'a tab' : `the control character U+${code.toString(16).padStart(4, '0')}`;
      r.add(path, `contains ${what} at position ${at + 1}: values end up in manifests and command lines, remove it`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkControlChars(v, `${path}[${i}]`, r));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'valueFrom') continue; // an env var source reference, passed through as an object
      checkControlChars(v, `${path}.${k}`, r);
    }
  }
}

export function validateConfig(config: Config, scope: ValidateScope, r: Reporter): void {
  const parts: [keyof typeof NAMES, unknown][] = [];
  if (scope.init) {
    validateCluster(config.cluster, r);
    validateInit(config.init, r, scope.tokensWithTtl);
    parts.push(['init', config.init], ['cluster', config.cluster]);
  }
  if (scope.join && config.join) {
    validateJoin(config.join, r, config.cluster.certificatesDir);
    parts.push(['join', config.join]);
  }
  for (const [key, value] of parts) checkControlChars(value, NAMES[key]!, r);
}
