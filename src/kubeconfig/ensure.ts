/**
 * What each `kubeconfig` sub-phase does: write the file with a client certificate signed by the
 * cluster CA, or reuse an existing one that fits (same CA, same server, expected user identity,
 * client certificate valid and matching its key). A file that does not fit is reported and left
 * alone. Without ca.key (external CA mode) the files must already exist.
 */
import { dirname, join, resolve } from 'node:path';
import { MinikubeadmError } from '../errors.js';
import type { Logger } from '../log.js';
import { certKeyPaths, readCertificateChain, readPrivateKey } from '../pki/files.js';
import { createClientCertificate } from '../pki/issue.js';
import { keyPoolOf, keySpecFor, parsePrivateKey } from '../pki/keys.js';
import { leafValidity } from '../pki/validity.js';
import { certificateProblems, checkSigningCA } from '../pki/verify.js';
import { type CertInfo, parseCertificatesPem } from '../pki/x509-read.js';
import type { RunContext } from '../workflow/context.js';
import { controlPlaneEndpoint, localAPIEndpoint } from './endpoint.js';
import { buildKubeconfig, currentOf, parseKubeconfig, serializeKubeconfig } from './kubeconfig.js';
import type { KubeconfigSpec } from './specs.js';

export const KUBECONFIG_MODE = 0o600;

/** The server a spec's file must point at; kubeadm's [endpoint] warning is printed once per run. */
export function serverFor(ctx: RunContext, log: Logger, spec: KubeconfigSpec): string {
  if (spec.server === 'local') return localAPIEndpoint(ctx.config.init.localAPIEndpoint);
  const warned = ctx.memo('kubeconfig/endpoint-warned', () => new Set<string>());
  return controlPlaneEndpoint(ctx.config, (m) => {
    if (!warned.has(m)) log.withPrefix('endpoint').warn(m);
    warned.add(m);
  });
}

export interface KubeconfigExpectation {
  file: string;
  caCert: CertInfo;
  caFile: string;
  server: string;
  userName: string;
  organization: readonly string[];
  now: Date;
}

/** Reads a file a kubeconfig refers to; `undefined` when it does not exist. */
export type ReadFile = (path: string) => Promise<string | undefined>;

function invalid(file: string, why: string): MinikubeadmError {
  return new MinikubeadmError('KUBECONFIG_INVALID', `existing kubeconfig file ${file} ${why}`, {
    hint: `it was left untouched: fix it, or move ${file} away to have a new one generated`,
  });
}

/**
 * Embedded data (`<field>-data`) or the file `<field>` names (relative to the kubeconfig, as
 * clientcmd resolves it), with the name of where it came from.
 */
async function material(kubeconfig: string, entry: Record<string, unknown>, field: string, read: ReadFile): Promise<{ text: string; source: string } | undefined> {
  const data = entry[`${field}-data`];
  if (typeof data === 'string' && data !== '') return { text: Buffer.from(data, 'base64').toString('utf8'), source: `${kubeconfig} (${field}-data)` };
  const path = entry[field];
  if (typeof path !== 'string' || path === '') return undefined;
  const full = resolve(dirname(kubeconfig), path);
  const text = await read(full);
  if (text === undefined) throw invalid(kubeconfig, `refers to ${field} ${full}, which does not exist`);
  return { text, source: full };
}

/** Throws KUBECONFIG_INVALID with the reason when the text is not the kubeconfig `e` describes. */
export async function checkKubeconfig(text: string, e: KubeconfigExpectation, read: ReadFile): Promise<void> {
  const config = parseKubeconfig(text, e.file);
  const { cluster, user } = currentOf(config, e.file);
  const caPem = await material(e.file, cluster.cluster, 'certificate-authority', read);
  if (caPem === undefined) throw invalid(e.file, `has no certificate-authority-data for cluster "${cluster.name}"`);
  const ca = parseCertificatesPem(caPem.text, caPem.source)[0]!;
  if (!ca.der.equals(e.caCert.der)) throw invalid(e.file, `has a different CA certificate than ${e.caFile} (CN "${ca.subject.commonName}")`);
  const server = String(cluster.cluster.server ?? '');
  if (server !== e.server) throw invalid(e.file, `points at server "${server}", expected "${e.server}"`);
  const certPem = await material(e.file, user.user, 'client-certificate', read);
  const keyPem = await material(e.file, user.user, 'client-key', read);
  if (!certPem || !keyPem) throw invalid(e.file, `has no client certificate and key for user "${user.name}"`);
  const chain = parseCertificatesPem(certPem.text, certPem.source);
  const key = parsePrivateKey(keyPem.text, keyPem.source);
  const problems = certificateProblems({
    file: e.file,
    chain,
    key: { file: keyPem.source, key },
    ca: { file: e.caFile, cert: e.caCert },
    expected: { commonName: e.userName, organization: e.organization, usages: ['clientAuth'] },
    now: e.now,
  });
  if (problems.length > 0) throw invalid(e.file, `has a client certificate that ${problems.join('; ')}`);
}

/** One `kubeconfig` sub-phase: `spec`'s file exists and fits afterwards. */
export async function ensureKubeconfig(ctx: RunContext, log: Logger, spec: KubeconfigSpec): Promise<void> {
  const file = join(ctx.paths.kubeconfigDir, spec.file);
  const caPaths = certKeyPaths(ctx.paths.certificatesDir, 'ca');
  const caChain = await readCertificateChain(ctx.fs, caPaths.cert);
  if (!caChain) {
    throw new MinikubeadmError('PKI_MISSING', `the CA certificate ${caPaths.cert} needed for ${spec.file} does not exist`, {
      hint: 'run `minikubeadm init phase certs ca` first',
    });
  }
  const caCert = caChain[0]!;
  const userName = spec.clientName(ctx.config);
  const server = serverFor(ctx, log, spec);
  const [text, caKey] = await Promise.all([ctx.fs.readText(file), readPrivateKey(ctx.fs, caPaths.key)]);
  if (text !== undefined) {
    const expectation = { file, caCert, caFile: caPaths.cert, server, userName, organization: spec.organization, now: ctx.now() };
    await checkKubeconfig(text, expectation, (p) => ctx.fs.readText(p));
    log.info(caKey ? `Using existing kubeconfig file: "${file}"` : `External CA mode: Using user provided ${spec.file}`);
    return;
  }
  if (!caKey) {
    throw new MinikubeadmError('PKI_MISSING', `external CA mode: ${caPaths.key} is absent, so ${file} must already exist`, {
      hint: `create ${spec.file} with a client certificate for "${userName}" signed by ${caPaths.cert} and server ${server}, or provide ${caPaths.key}`,
    });
  }
  checkSigningCA(caCert, caKey, caPaths, ctx.now(), 'fix the CA first: `minikubeadm init phase certs ca` checks it');
  log.info(`Writing "${spec.file}" kubeconfig file`);
  const keys = await keyPoolOf(ctx).take(keySpecFor(ctx.config.cluster.encryptionAlgorithm));
  const issued = createClientCertificate({ cert: caCert, key: caKey }, { commonName: userName, organization: spec.organization }, keys, leafValidity(ctx.config.cluster, ctx.now()));
  const yaml = serializeKubeconfig(
    buildKubeconfig({
      clusterName: ctx.config.cluster.clusterName,
      server,
      caCertPem: caCert.pem,
      userName,
      clientCertPem: issued.cert.pem,
      clientKeyPem: issued.keyPem,
    }),
  );
  await ctx.fs.write(file, yaml, { mode: KUBECONFIG_MODE, secret: true, dirMode: 0o755 });
}
