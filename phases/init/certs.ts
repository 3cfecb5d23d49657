/** `init phase certs`: one sub-phase per row of the certificate table, then `sa`. */
import { join } from 'node:path';
import { CERTIFICATES, type CertSpec, caSpecOf, usesExternalEtcd } from '../../src/pki/certlist.js';
import type { RunContext } from '../../src/workflow/context.js';
import type { Phase, PhaseDependency } from '../../src/workflow/phase.js';

const COMMON_FLAGS = ['cert-dir', 'config', 'kubernetes-version'];
const APISERVER_FLAGS = ['apiserver-advertise-address', 'control-plane-endpoint', 'apiserver-cert-extra-sans', 'service-dns-domain', 'service-cidr'];

const ensure = () => import('../../src/pki/ensure.js');

function caDependency(spec: CertSpec, ca: CertSpec): PhaseDependency {
  return {
    phase: `certs/${ca.name}`,
    needs: `the ${ca.baseName} certificate authority (${ca.baseName}.crt)`,
    satisfied: async (ctx: RunContext) =>
      (spec.localEtcd === true && usesExternalEtcd(ctx.config)) || ctx.fs.exists(join(ctx.paths.certificatesDir, `${ca.baseName}.crt`)),
  };
}

function certPhase(spec: CertSpec): Phase {
  const ca = caSpecOf(spec);
  return {
    name: spec.name,
    short: `Generate the ${spec.longName}`,
    long: `Generate the ${spec.longName}, and save them into ${spec.baseName}.crt and ${spec.baseName}.key files. If both files already exist, they are checked and used as they are.`,
    flags: spec.name === 'apiserver' ? [...COMMON_FLAGS, ...APISERVER_FLAGS] : COMMON_FLAGS,
    dependsOn: ca ? [caDependency(spec, ca)] : [],
    run: async (ctx, log) => (await ensure()).ensureCertificate(ctx, log, spec),
  };
}

const saPhase: Phase = {
  name: 'sa',
  short: 'Generate a private key for signing service account tokens along with its public key',
  long: 'Generate the private key for signing service account tokens along with its public key, and save them into sa.key and sa.pub files. If both files already exist, they are checked and used as they are.',
  flags: ['cert-dir'],
  run: async (ctx, log) => (await ensure()).ensureServiceAccountKey(ctx, log),
};

export const certsPhase: Phase = {
  name: 'certs',
  short: 'Certificate generation',
  flags: [...COMMON_FLAGS, ...APISERVER_FLAGS],
  phases: [...CERTIFICATES.map(certPhase), saPhase],
  run: async (ctx, log) => (await import('../../src/pki/prefetch.js')).prepareCerts(ctx, log),
};
