/**
 * Validity periods from the config (kubeadm v1.31+ certlist.GetConfig): leaves are backdated by
 * CertificateBackdate and last certificateValidityPeriod; CAs start now and last
 * caCertificateValidityPeriod.
 */
import { CERTIFICATE_BACKDATE_MS } from '../config/constants.js';
import { parseDuration } from '../config/duration.js';
import type { ClusterConfiguration } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

type Periods = Pick<ClusterConfiguration, 'certificateValidityPeriod' | 'caCertificateValidityPeriod'>;

function period(cluster: Periods, field: keyof Periods): number {
  const text = cluster[field];
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new MinikubeadmError('CONFIG_INVALID', `ClusterConfiguration.${field} "${text}" is not a positive duration`, {
      hint: `set ${field} to a Go duration such as 8760h (1 year) or 87600h (10 years)`,
    });
  }
  return ms;
}

/** Whole seconds, as X.509 stores them: keeps a freshly written certificate equal to its template. */
const seconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);

export function leafValidity(cluster: Periods, now: Date): Validity {
  const t = now.getTime();
  return { notBefore: seconds(t - CERTIFICATE_BACKDATE_MS), notAfter: seconds(t + period(cluster, 'certificateValidityPeriod')) };
}

export function caValidity(cluster: Periods, now: Date): Validity {
  const t = now.getTime();
  return { notBefore: seconds(t), notAfter: seconds(t + period(cluster, 'caCertificateValidityPeriod')) };
}
