/**
 * What each `kubeconfig` sub-phase does: write the file with a client certificate signed by the
 * cluster CA, or reuse an existing one that fits (same CA, same server, expected user identity,
 * client certificate valid and matching its key). A file that does not fit is reported and left
 * alone. Without ca.key (external CA mode) the files must already exist.
 */
import { join } from 'node:path';
import { caCertPath, caKeyPath, type Paths } from '../config/paths.js';
import type { Config, EncryptionAlgorithm } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import type { Fs } from '../host/fs.js';
import { featureEnabled } from '../versions/release.js';
import type { Logger } from '../log.js';
import { readCertificateChain, readPrivateKey } from '../pki/files.js';
import { secureSecretFile } from '../pki/modes.js';
import { createClientCertificate } from '../pki/issue.js';
import { type KeyPool, checkKeyAlgorithm, keySpecFor, parsePrivateKey } from '../pki/keys.js';
import { leafValidity } from '../pki/validity.js';
import { certificateProblems, checkSigningCA } from '../pki/verify.js';
import { type CertInfo, parseCertificatesPem } from '../pki/x509-read.js';
import { controlPlaneEndpoint, localAPIEndpoint } from './endpoint.js';
import { type ReadFile, buildKubeconfig, currentOf, material, parseKubeconfig, serializeKubeconfig } from './kubeconfig.js';
import type { KubeconfigSpec } from './specs.js';

export const KUBECONFIG_MODE = 0o600;

/** What the kubeconfig sub-phases work with. */
export interface KubeconfigInputs {
  fs: Fs;
  config: Config;
  paths: Pick<Paths, 'kubeconfigDir' | 'certificatesDir'>;
  keys: KeyPool;
  now: Date;
  log: Logger;
  /** --fix-permissions: make an existing file that group or others can read 0600, instead of reporting it. */
  fixModes: boolean;
}

/** The server a spec's file must point at; kubeadm's [endpoint] warning is printed once per run. */
function serverFor(config: Config, log: Logger, spec: KubeconfigSpec): string {
  const local = spec.server === 'local' || (spec.server === 'kubeletLocalMode' && featureEnabled(config.cluster.kubernetesVersion, config.cluster.featureGates, 'ControlPlaneKubeletLocalMode'));
  if (local) return localAPIEndpoint(config.init.localAPIEndpoint);
  return controlPlaneEndpoint(config, (m) => log.withPrefix('endpoint').once('warn', m));
}

export interface KubeconfigExpectation {
  file: string;
  caCert: CertInfo;
  caFile: string;
  server: string;
  userName: string;
  organization: readonly string[];
  now: Date;
  /** The key type the client key must have; unset in external CA mode (the user's files). */
  algorithm?: EncryptionAlgorithm;
  pkiDir: string;
}

function invalid(file: string, why: string): MinikubeadmError {
  return new MinikubeadmError('KUBECONFIG_INVALID', `existing kubeconfig file ${file} ${why}`, {
    hint: `it was left untouched: fix it, or move ${file} away to have a new one generated`,
  });
}

/** Throws KUBECONFIG_INVALID with the reason when the text is not the kubeconfig `e` describes. */
async function checkKubeconfig(text: string, e: KubeconfigExpectation, read: ReadFile): Promise<void> {
  const config = parseKubeconfig(text, e.file);
  const { cluster, user } = currentOf(config, e.file);
  const caPem = await material(e.file, cluster.cluster, 'certificate-authority', read);
  if (caPem === undefined) throw invalid(e.file, `has no certificate authority for cluster "${cluster.name}" (certificate-authority-data or certificate-authority)`);
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
  // Only a key minikubeadm embedded follows encryptionAlgorithm: a key in a file of its own
  // (kubelet.conf's kubelet-client-current.pem) is the kubelet's, which picks its own key type.
  const embedded = typeof user.user['client-key-data'] === 'string' && user.user['client-key-data'] !== '';
  if (e.algorithm && embedded) checkKeyAlgorithm(key, keyPem.source, e.algorithm, e.pkiDir);
}

/** One `kubeconfig` sub-phase: `spec`'s file exists and fits afterwards. */
export async function ensureKubeconfig(inputs: KubeconfigInputs, spec: KubeconfigSpec): Promise<void> {
  const { fs, config, paths, log, now } = inputs;
  const file = join(paths.kubeconfigDir, spec.file);
  const caPaths = { cert: caCertPath(paths), key: caKeyPath(paths) };
  const caChain = await readCertificateChain(fs, caPaths.cert);
  if (!caChain) {
    throw new MinikubeadmError('PKI_MISSING', `the CA certificate ${caPaths.cert} needed for ${spec.file} does not exist`, {
      hint: 'run `minikubeadm init phase certs ca` first',
    });
  }
  const caCert = caChain[0]!;
  const userName = spec.clientName(config);
  const server = serverFor(config, log, spec);
  const [text, caKey] = await Promise.all([fs.readText(file), readPrivateKey(fs, caPaths.key)]);
  if (text !== undefined) {
    const algorithm = caKey ? config.cluster.encryptionAlgorithm : undefined;
    const expectation = { file, caCert, caFile: caPaths.cert, server, userName, organization: spec.organization, now, algorithm, pkiDir: paths.certificatesDir };
    await checkKubeconfig(text, expectation, (p) => fs.readText(p));
    await secureSecretFile({ fs, log, fix: inputs.fixModes }, file);
    log.info(caKey ? `Using existing kubeconfig file: "${file}"` : `External CA mode: Using user provided ${spec.file}`);
    return;
  }
  if (!caKey) {
    throw new MinikubeadmError('PKI_MISSING', `external CA mode: ${caPaths.key} is absent, so ${file} must already exist`, {
      hint: `create ${spec.file} with a client certificate for "${userName}" signed by ${caPaths.cert} and server ${server}, or provide ${caPaths.key}`,
    });
  }
  checkSigningCA(caCert, caKey, caPaths, now, 'fix the CA first: `minikubeadm init phase certs ca` checks it');
  checkKeyAlgorithm(caKey, caPaths.key, config.cluster.encryptionAlgorithm, paths.certificatesDir);
  log.info(`Writing "${spec.file}" kubeconfig file`);
  const keys = await inputs.keys.take(keySpecFor(config.cluster.encryptionAlgorithm));
  const issued = await createClientCertificate({ cert: caCert, key: caKey }, { commonName: userName, organization: spec.organization }, keys, leafValidity(config.cluster, now));
  const yaml = serializeKubeconfig(
    buildKubeconfig({
      clusterName: config.cluster.clusterName,
      server,
      caCertPem: caCert.pem,
      userName,
      clientCertPem: issued.cert.pem,
      clientKeyPem: issued.keyPem,
    }),
  );
  await fs.write(file, yaml, { mode: KUBECONFIG_MODE, secret: true, dirMode: 0o755 });
}
