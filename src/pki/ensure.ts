/**
 * What each `certs` sub-phase does: reuse a valid CA / certificate / sa key pair, create it when
 * absent, and stop with the file and the reason when what is on disk does not fit. Nothing is ever
 * replaced. A CA whose key is absent (external CA mode) signs nothing: the certificates it should
 * have signed must already be there and are checked against it.
 */
import { MinikubeadmError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RunContext } from '../workflow/context.js';
import { type CertSpec, SERVICE_ACCOUNT_KEY_BASE_NAME, altNamesFor, caSpecOf, usesExternalEtcd } from './certlist.js';
import { KEY_MODE, PKI_DIR_MODE, readCertAndKey, readCertificateChain, readPrivateKey, writeCertAndKey } from './files.js';
import { certKeyPaths, serviceAccountKeyPaths } from './paths.js';
import { createSelfSignedCA, createSignedCertificate } from './issue.js';
import { keyPoolOf, keySpecFor, parsePrivateKey, parsePublicKey, privateKeyToPem, publicKeyToPem, sameKey } from './keys.js';
import { caValidity, leafValidity } from './validity.js';
import { checkCertificate, checkSigningCA } from './verify.js';

const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

function pkiError(code: 'PKI_INVALID' | 'PKI_MISSING', message: string, hint: string): MinikubeadmError {
  return new MinikubeadmError(code, message, { hint });
}

async function ensureCA(ctx: RunContext, log: Logger, spec: CertSpec): Promise<void> {
  const { paths, chain, key } = await readCertAndKey(ctx.fs, ctx.paths.certificatesDir, spec.baseName);
  if (chain) {
    const cert = chain[0]!;
    if (!cert.isCA) {
      throw pkiError('PKI_INVALID', `existing certificate ${paths.cert} is not a certificate authority (no basicConstraints CA:TRUE)`, `replace it with the ${spec.longName}, or move it away to have a new one generated`);
    }
    checkCertificate({ file: paths.cert, chain, key: key && { file: paths.key, key }, now: ctx.now() });
    log.info(key ? `Using existing ${spec.baseName} certificate authority` : `Using existing ${spec.baseName} keyless certificate authority`);
    return;
  }
  if (key) {
    throw pkiError('PKI_INVALID', `${paths.key} exists without its certificate ${paths.cert}`, `put the CA certificate at ${paths.cert}, or move ${paths.key} away to have a new CA generated`);
  }
  const keySpec = keySpecFor(ctx.config.cluster.encryptionAlgorithm);
  log.info(`Generating "${spec.baseName}" certificate and key`);
  const keys = await keyPoolOf(ctx).take(keySpec);
  const ca = createSelfSignedCA({ commonName: spec.commonName(ctx.config), organization: spec.organization }, keys, caValidity(ctx.config.cluster, ctx.now()));
  await writeCertAndKey(ctx.fs, paths, ca.cert.der, ca.key);
}

async function ensureLeaf(ctx: RunContext, log: Logger, spec: CertSpec, caSpec: CertSpec): Promise<void> {
  const dir = ctx.paths.certificatesDir;
  const caPaths = certKeyPaths(dir, caSpec.baseName);
  const caChain = await readCertificateChain(ctx.fs, caPaths.cert);
  if (!caChain) {
    throw pkiError('PKI_MISSING', `the CA certificate ${caPaths.cert} needed for ${spec.baseName} does not exist`, `run \`minikubeadm init phase certs ${caSpec.name}\` first`);
  }
  const caCert = caChain[0]!;
  const now = ctx.now();
  const alt = altNamesFor(spec, ctx.config, (m) => log.warn(m));
  const expected = { commonName: spec.commonName(ctx.config), organization: spec.organization, usages: spec.usages, ...alt };
  const { paths, chain, key } = await readCertAndKey(ctx.fs, dir, spec.baseName);
  if (chain && key) {
    checkCertificate({ file: paths.cert, chain, key: { file: paths.key, key }, ca: { file: caPaths.cert, cert: caCert }, expected, now });
    log.info(`Using existing ${spec.baseName} certificate and key on disk`);
    return;
  }
  if (chain || key) {
    const [have, lack] = chain ? [paths.cert, paths.key] : [paths.key, paths.cert];
    throw pkiError('PKI_INVALID', `${have} exists without ${lack}`, `put the matching file at ${lack}, or move ${have} away to have a new pair generated`);
  }
  const caKey = await readPrivateKey(ctx.fs, caPaths.key);
  if (!caKey) {
    throw pkiError(
      'PKI_MISSING',
      `external CA mode: ${caPaths.key} is absent, so ${paths.cert} and ${paths.key} must already exist, signed by ${caPaths.cert}`,
      `issue the ${spec.longName} (CN "${expected.commonName}"${alt.dnsNames.length + alt.ips.length > 0 ? `, SANs ${[...alt.dnsNames, ...alt.ips].join(', ')}` : ''}) with your CA and put it there, or provide ${caPaths.key}`,
    );
  }
  checkSigningCA(caCert, caKey, caPaths, now, `fix the CA first: \`minikubeadm init phase certs ${caSpec.name}\` checks it`);
  const keySpec = keySpecFor(ctx.config.cluster.encryptionAlgorithm);
  const validity = leafValidity(ctx.config.cluster, now);
  if (validity.notAfter > caCert.notAfter) {
    log.warn(`the ${spec.baseName} certificate (valid until ${iso(validity.notAfter)}) outlives its CA ${caSpec.baseName} (valid until ${iso(caCert.notAfter)}); it stops working when the CA expires`);
  }
  log.info(`Generating "${spec.baseName}" certificate and key`);
  const keys = await keyPoolOf(ctx).take(keySpec);
  const issued = createSignedCertificate({ cert: caCert, key: caKey }, { ...expected, usages: spec.usages }, keys, validity);
  await writeCertAndKey(ctx.fs, paths, issued.cert.der, issued.key);
  if (spec.usages.includes('serverAuth')) {
    log.info(`${spec.baseName} serving cert is signed for DNS names [${alt.dnsNames.join(' ')}] and IPs [${alt.ips.join(' ')}]`);
  }
}

/** One `certs` sub-phase: the CA or certificate `spec` exists and is valid afterwards. */
export async function ensureCertificate(ctx: RunContext, log: Logger, spec: CertSpec): Promise<void> {
  const caSpec = caSpecOf(spec);
  if (spec.localEtcd && usesExternalEtcd(ctx.config)) {
    log.info(`External etcd mode: Skipping ${spec.baseName} ${caSpec ? 'certificate' : 'certificate authority'} generation`);
    return;
  }
  if (caSpec) await ensureLeaf(ctx, log, spec, caSpec);
  else await ensureCA(ctx, log, spec);
}

/** `certs sa`: the service account signing key (sa.key, PKCS#1) and its public key (sa.pub, SPKI). */
export async function ensureServiceAccountKey(ctx: RunContext, log: Logger): Promise<void> {
  const paths = serviceAccountKeyPaths(ctx.paths.certificatesDir);
  const [keyText, pubText] = await Promise.all([ctx.fs.readText(paths.key), ctx.fs.readText(paths.pub)]);
  if (keyText !== undefined) {
    const key = parsePrivateKey(keyText, paths.key);
    if (pubText === undefined) {
      await ctx.fs.write(paths.pub, publicKeyToPem(key), { mode: KEY_MODE, dirMode: PKI_DIR_MODE });
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
  const keySpec = keySpecFor(ctx.config.cluster.encryptionAlgorithm);
  log.info(`Generating "${SERVICE_ACCOUNT_KEY_BASE_NAME}" key and public key`);
  const keys = await keyPoolOf(ctx).take(keySpec);
  await ctx.fs.write(paths.key, privateKeyToPem(keys.privateKey), { mode: KEY_MODE, secret: true, dirMode: PKI_DIR_MODE });
  await ctx.fs.write(paths.pub, publicKeyToPem(keys.publicKey), { mode: KEY_MODE, dirMode: PKI_DIR_MODE });
}
