/** `init phase certs`: one sub-phase per row of the certificate table, then `sa`. */
import { join } from 'node:path';
import type { FlagKey } from '../../src/config/flags/table.js';
import { CERTIFICATES, type CertSpec, caSpecOf, usesExternalEtcd } from '../../src/pki/certlist.js';
import type { Phase, PhaseDependency } from '../../src/workflow/phase.js';

const body = () => import('../../src/init/certs.js');

const COMMON: readonly FlagKey[] = ['certDir', 'kubernetesVersion', 'fixPermissions'];
const APISERVER: readonly FlagKey[] = [...COMMON, 'apiserverAdvertiseAddress', 'controlPlaneEndpoint', 'apiserverCertExtraSans', 'serviceDnsDomain', 'serviceCidr', 'nodeName'];
const ETCD: readonly FlagKey[] = [...COMMON, 'apiserverAdvertiseAddress', 'nodeName'];

function caDependency(spec: CertSpec, ca: CertSpec): PhaseDependency {
  return {
    phase: `certs/${ca.name}`,
    needs: `the ${ca.baseName} certificate authority (${ca.baseName}.crt)`,
    satisfied: async (ctx) => (spec.localEtcd === true && usesExternalEtcd(ctx.config)) || ctx.fs.exists(join(ctx.paths.certificatesDir, `${ca.baseName}.crt`)),
  };
}

const flagsOf = (spec: CertSpec): readonly FlagKey[] =>
  spec.name === 'apiserver' ? APISERVER : spec.name === 'etcd-server' || spec.name === 'etcd-peer' ? ETCD : COMMON;

function certPhase(spec: CertSpec): Phase {
  const ca = caSpecOf(spec);
  return {
    name: spec.name,
    short: `Generate the ${spec.longName}`,
    long: `Generate the ${spec.longName}, and save them into ${spec.baseName}.crt and ${spec.baseName}.key files. If both files already exist, they are checked and used as they are.`,
    flags: flagsOf(spec),
    dependsOn: ca ? [caDependency(spec, ca)] : [],
    run: async (ctx) => (await body()).certificate(ctx, spec),
  };
}

const saPhase: Phase = {
  name: 'sa',
  short: 'Generate a private key for signing service account tokens along with its public key',
  long: 'Generate the private key for signing service account tokens along with its public key, and save them into sa.key and sa.pub files. If both files already exist, they are checked and used as they are.',
  flags: ['certDir', 'fixPermissions'],
  run: async (ctx) => (await body()).serviceAccountKey(ctx),
};

export const certsPhase: Phase = {
  name: 'certs',
  short: 'Certificate generation',
  phases: [...CERTIFICATES.map(certPhase), saPhase],
  run: async (ctx) => (await body()).prepareCerts(ctx),
};
