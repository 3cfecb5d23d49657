/**
 * Validity periods from the config (kubeadm v1.31+ certlist.GetConfig): leaves are backdated by
 * CertificateBackdate and last certificateValidityPeriod; CAs start now and last
 * caCertificateValidityPeriod.
 */
import { CERTIFICATE_BACKDATE_MS } from '../config/constants.js';
import type { ClusterConfiguration } from '../config/types.js';

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

type Periods = Pick<ClusterConfiguration, 'certificateValidityPeriod' | 'caCertificateValidityPeriod'>;

/** Whole seconds, as X.509 stores them: keeps a freshly written certificate equal to its template. */
const seconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);

export function leafValidity(cluster: Periods, now: Date): Validity {
  const t = now.getTime();
  return { notBefore: seconds(t - CERTIFICATE_BACKDATE_MS), notAfter: seconds(t + cluster.certificateValidityPeriod.ms) };
}

export function caValidity(cluster: Periods, now: Date): Validity {
  const t = now.getTime();
  return { notBefore: seconds(t), notAfter: seconds(t + cluster.caCertificateValidityPeriod.ms) };
}
