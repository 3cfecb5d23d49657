/**
 * What each `certs` sub-phase does: reuse a valid CA / certificate / sa key pair, create it when
 * absent, and stop with the file and the reason when what is on disk does not fit. Nothing is ever
 * replaced. A CA whose key is absent (external CA mode) signs nothing: the certificates it should
 * have signed must already be there and are checked against it.
 */
import { dirname } from 'node:path';
import type { Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import type { Fs } from '../host/fs.js';
import type { Logger } from '../log.js';
import { type CertSpec, SERVICE_ACCOUNT_KEY_BASE_NAME, altNamesFor, caSpecOf, certificatesFor, usesExternalEtcd } from './certlist.js';
import { KEY_MODE, PKI_DIR_MODE, readCertAndKey, readCertificateChain, readPrivateKey, recoverPair, writeCertAndKey } from './files.js';
import { type ModeCheck, certificateDirectories, secureDirectories, secureSecretFile } from './modes.js';
import { certKeyPaths, serviceAccountKeyPaths } from './paths.js';
import { createSelfSignedCA, createSignedCertificate } from './issue.js';
import { type KeyPool, checkKeyAlgorithm, keySpecFor, parsePrivateKey, parsePublicKey, privateKeyToPem, publicKeyToPem, sameKey } from './keys.js';
import { caValidity, leafValidity } from './validity.js';
import { checkCertificate, checkSigningCA } from './verify.js';

/** The journal id of the sa.key/sa.pub pair (`certs renew` does not touch it). */
const SA_GROUP = 'sa';

/** What the certs sub-phases work with. */
export interface PkiInputs {
  fs: Fs;
  config: Config;
  certificatesDir: string;
  keys: KeyPool;
  now: Date;
  log: Logger;
  /** --fix-permissions: make an exposed key 0600 and the certificate directories writable by their owner only, instead of reporting them. */
  fixModes: boolean;
}

const modeCheck = (inputs: PkiInputs): ModeCheck => ({ fs: inputs.fs, log: inputs.log, fix: inputs.fixModes });

/** The certificate directory (and pki/etcd) must not be writable by others: checked by every sub-phase, reported once. */
const secureDirs = (inputs: PkiInputs): Promise<void> => secureDirectories(modeCheck(inputs), certificateDirectories(inputs.certificatesDir));

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

function pkiError(code: 'PKI_INVALID' | 'PKI_MISSING', message: string, hint: string): MinikubeadmError {
  return new MinikubeadmError(code, message, { hint });
}

/** A pair whose write a killed run interrupted is completed from its journal (or its temporaries dropped). */
async function recover(inputs: PkiInputs, spec: CertSpec): Promise<void> {
  const paths = certKeyPaths(inputs.certificatesDir, spec.baseName);
  if (await recoverPair(inputs.fs, paths)) inputs.log.info(`Finished writing ${paths.key} and ${paths.cert}, interrupted by an earlier run`);
}

async function ensureCA(inputs: PkiInputs, spec: CertSpec): Promise<void> {
  const { fs, config, log, now } = inputs;
  await recover(inputs, spec);
  const { paths, chain, key } = await readCertAndKey(fs, inputs.certificatesDir, spec.baseName);
  if (chain) {
    const cert = chain[0]!;
    if (!cert.isCA) {
      throw pkiError('PKI_INVALID', `existing certificate ${paths.cert} is not a certificate authority (no basicConstraints CA:TRUE)`, `replace it with the ${spec.longName}, or move it away to have a new one generated`);
    }
    checkCertificate({ file: paths.cert, chain, key: key && { file: paths.key, key }, now });
    if (key) checkKeyAlgorithm(key, paths.key, config.cluster.encryptionAlgorithm, inputs.certificatesDir);
    if (key) await secureSecretFile(modeCheck(inputs), paths.key);
    log.info(key ? `Using existing ${spec.baseName} certificate authority` : `Using existing ${spec.baseName} keyless certificate authority`);
    return;
  }
  if (key) {
    throw pkiError('PKI_INVALID', `${paths.key} exists without its certificate ${paths.cert}`, `put the CA certificate at ${paths.cert}, or move ${paths.key} away to have a new CA generated`);
  }
  const keySpec = keySpecFor(config.cluster.encryptionAlgorithm);
  log.info(`Generating "${spec.baseName}" certificate and key`);
  const keys = await inputs.keys.take(keySpec);
  const ca = await createSelfSignedCA({ commonName: spec.commonName(config), organization: spec.organization(config) }, keys, caValidity(config.cluster, now));
  await writeCertAndKey(fs, paths, ca.cert.der, ca.key);
}

async function ensureLeaf(inputs: PkiInputs, spec: CertSpec, caSpec: CertSpec): Promise<void> {
  const { fs, config, log, now } = inputs;
  const dir = inputs.certificatesDir;
  const caPaths = certKeyPaths(dir, caSpec.baseName);
  const caChain = await readCertificateChain(fs, caPaths.cert);
  if (!caChain) {
    throw pkiError('PKI_MISSING', `the CA certificate ${caPaths.cert} needed for ${spec.baseName} does not exist`, `run \`minikubeadm init phase certs ${caSpec.name}\` first`);
  }
  const caCert = caChain[0]!;
  const alt = altNamesFor(spec, config, (m) => log.warn(m));
  const expected = { commonName: spec.commonName(config), organization: spec.organization(config), usages: spec.usages, ...alt };
  await recover(inputs, spec);
  const { paths, chain, key } = await readCertAndKey(fs, dir, spec.baseName);
  if (chain && key) {
    checkCertificate({ file: paths.cert, chain, key: { file: paths.key, key }, ca: { file: caPaths.cert, cert: caCert }, expected, now });
    // Certificates of an external CA (no CA key) are the user's to choose.
    if (await fs.exists(caPaths.key)) checkKeyAlgorithm(key, paths.key, config.cluster.encryptionAlgorithm, dir);
    await secureSecretFile(modeCheck(inputs), paths.key);
    log.info(`Using existing ${spec.baseName} certificate and key on disk`);
    return;
  }
  if (chain || key) {
    const [have, lack] = chain ? [paths.cert, paths.key] : [paths.key, paths.cert];
    throw pkiError('PKI_INVALID', `${have} exists without ${lack}`, `put the matching file at ${lack}, or move ${have} away to have a new pair generated`);
  }
  const caKey = await readPrivateKey(fs, caPaths.key);
  if (!caKey) {
    throw pkiError(
      'PKI_MISSING',
      `external CA mode: ${caPaths.key} is absent, so ${paths.cert} and ${paths.key} must already exist, signed by ${caPaths.cert}`,
      `issue the ${spec.longName} (CN "${expected.commonName}"${alt.dnsNames.length + alt.ips.length > 0 ? `, SANs ${[...alt.dnsNames, ...alt.ips].join(', ')}` : ''}) with your CA and put it there, or provide ${caPaths.key}`,
    );
  }
  checkSigningCA(caCert, caKey, caPaths, now, `fix the CA first: \`minikubeadm init phase certs ${caSpec.name}\` checks it`);
  checkKeyAlgorithm(caKey, caPaths.key, config.cluster.encryptionAlgorithm, dir);
  const keySpec = keySpecFor(config.cluster.encryptionAlgorithm);
  const validity = leafValidity(config.cluster, now);
  if (validity.notAfter > caCert.notAfter) {
    log.warn(`the ${spec.baseName} certificate (valid until ${iso(validity.notAfter)}) outlives its CA ${caSpec.baseName} (valid until ${iso(caCert.notAfter)}); it stops working when the CA expires`);
  }
  log.info(`Generating "${spec.baseName}" certificate and key`);
  const keys = await inputs.keys.take(keySpec);
  const issued = await createSignedCertificate({ cert: caCert, key: caKey }, { ...expected, usages: spec.usages }, keys, validity);
  await writeCertAndKey(fs, paths, issued.cert.der, issued.key);
  if (spec.usages.includes('serverAuth')) {
    log.info(`${spec.baseName} serving cert is signed for DNS names [${alt.dnsNames.join(' ')}] and IPs [${alt.ips.join(' ')}]`);
  }
}

/** One `certs` sub-phase: the CA or certificate `spec` exists and is valid afterwards. */
export async function ensureCertificate(inputs: PkiInputs, spec: CertSpec): Promise<void> {
  const caSpec = caSpecOf(spec);
  await secureDirs(inputs);
  if (spec.localEtcd && usesExternalEtcd(inputs.config)) {
    inputs.log.info(`External etcd mode: Skipping ${spec.baseName} ${caSpec ? 'certificate' : 'certificate authority'} generation`);
    return;
  }
  if (caSpec) await ensureLeaf(inputs, spec, caSpec);
  else await ensureCA(inputs, spec);
}

/** `certs sa`: the service account signing key (sa.key: PKCS#1 or SEC1, of encryptionAlgorithm as kubeadm) and its public key (sa.pub, SPKI). */
export async function ensureServiceAccountKey(inputs: PkiInputs): Promise<void> {
  const { fs, log } = inputs;
  await secureDirs(inputs);
  const paths = serviceAccountKeyPaths(inputs.certificatesDir);
  if (await fs.recoverGroup(dirname(paths.key), SA_GROUP, [paths.key, paths.pub])) log.info(`Finished writing ${paths.key} and ${paths.pub}, interrupted by an earlier run`);
  const [keyText, pubText] = await Promise.all([fs.readText(paths.key), fs.readText(paths.pub)]);
  if (keyText !== undefined) {
    const key = parsePrivateKey(keyText, paths.key);
    checkKeyAlgorithm(key, paths.key, inputs.config.cluster.encryptionAlgorithm, inputs.certificatesDir);
    await secureSecretFile(modeCheck(inputs), paths.key);
    if (pubText === undefined) {
      await fs.write(paths.pub, publicKeyToPem(key), { mode: KEY_MODE, dirMode: PKI_DIR_MODE });
      log.info(`Writing the missing "${SERVICE_ACCOUNT_KEY_BASE_NAME}" public key ${paths.pub} from ${paths.key}`);
    } else if (!sameKey(parsePublicKey(pubText, paths.pub), key)) {
      throw pkiError('PKI_INVALID', `${paths.pub} is not the public key of ${paths.key}`, `both files were left untouched: move ${paths.pub} away to have it written from ${paths.key}`);
    }
    log.info(`Using the existing "${SERVICE_ACCOUNT_KEY_BASE_NAME}" key`);
    return;
  }
  if (pubText !== undefined) {
    throw pkiError('PKI_INVALID', `${paths.pub} exists without its private key ${paths.key}`, `put the private key at ${paths.key}, or move ${paths.pub} away to have a new pair generated`);
  }
  const keySpec = keySpecFor(inputs.config.cluster.encryptionAlgorithm);
  log.info(`Generating "${SERVICE_ACCOUNT_KEY_BASE_NAME}" key and public key`);
  const keys = await inputs.keys.take(keySpec);
  await fs.writeGroup(SA_GROUP, [
    { path: paths.key, data: privateKeyToPem(keys.privateKey), mode: KEY_MODE, secret: true, dirMode: PKI_DIR_MODE },
    { path: paths.pub, data: publicKeyToPem(keys.publicKey), mode: KEY_MODE, dirMode: PKI_DIR_MODE },
  ]);
}

/** How many new key pairs the whole `certs` phase will need: the pairs absent from disk. */
export async function missingKeyPairs(fs: Fs, config: Config, certificatesDir: string): Promise<number> {
  const absent = async (...paths: string[]): Promise<boolean> => !(await Promise.all(paths.map((p) => fs.exists(p)))).some(Boolean);
  const checks = certificatesFor(config).map((spec) => {
    const p = certKeyPaths(certificatesDir, spec.baseName);
    return absent(p.cert, p.key);
  });
  const sa = serviceAccountKeyPaths(certificatesDir);
  checks.push(absent(sa.key, sa.pub));
  return (await Promise.all(checks)).filter(Boolean).length;
}
