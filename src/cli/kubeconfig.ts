/**
 * `minikubeadm kubeconfig user --client-name N [--org O]… [--validity-period D] [--token T]`: a
 * kubeconfig for another user, written to stdout. The server and cluster name come from --config
 * (kubeadm's rule: controlPlaneEndpoint, else the advertise address) or, without it, from
 * admin.conf; the CA (and its key, for a client certificate) from the certificate directory.
 */
import type { Argv } from 'yargs';
import type { FlagKey } from '../config/flags/table.js';
import { MinikubeadmError } from '../errors.js';
import { Fs } from '../host/fs.js';
import { commandDirs, flagValue, loggerFor } from './day2.js';
import { type ParsedArgs, splitList } from './options.js';
import { commandOptions } from './registry.js';

const USER: readonly FlagKey[] = ['clientName', 'org', 'validityPeriod', 'token', 'config', 'certDir', 'kubernetesDir', 'kubeconfigDir', 'v'];

async function user(a: ParsedArgs): Promise<void> {
  loggerFor(a);
  const clientName = flagValue(a, 'clientName');
  if (clientName === undefined || clientName.trim() === '') {
    throw new MinikubeadmError('FLAG_INVALID', 'required flag "--client-name" not set', { hint: 'e.g. `minikubeadm kubeconfig user --client-name alice --org developers`' });
  }
  const token = flagValue(a, 'token');
  const orgs = splitList(a['org']) ?? [];
  if (token !== undefined && token.trim() === '') throw new MinikubeadmError('FLAG_INVALID', '--token: must not be empty', { hint: 'give the bearer token the user authenticates with, or drop --token for a client certificate' });
  if (token !== undefined && orgs.length > 0) throw new MinikubeadmError('FLAG_INVALID', '--org only applies to client certificates, not with --token', { hint: 'drop --org, or drop --token to get a client certificate' });
  const [{ parseDuration }, { DEFAULT_CERTIFICATE_VALIDITY, DEFAULT_ENCRYPTION_ALGORITHM, KUBECONFIG_FILES, CERTIFICATE_BACKDATE_MS }] = await Promise.all([
    import('../config/duration.js'),
    import('../config/constants.js'),
  ]);
  const validityText = flagValue(a, 'validityPeriod') ?? DEFAULT_CERTIFICATE_VALIDITY;
  const validityMs = parseDuration(validityText);
  if (validityMs === undefined || validityMs <= 0) throw new MinikubeadmError('FLAG_INVALID', `--validity-period: ${JSON.stringify(validityText)} is not a positive duration`, { hint: 'e.g. --validity-period 720h (30 days)' });
  if (token !== undefined && flagValue(a, 'validityPeriod') !== undefined) throw new MinikubeadmError('FLAG_INVALID', '--validity-period only applies to client certificates, not with --token', { hint: 'drop --validity-period' });

  const dirs = commandDirs(a);
  const fs = new Fs();
  const file = flagValue(a, 'config');
  let clusterName: string;
  let server: string;
  let certificatesDir: string;
  let algorithm: string = DEFAULT_ENCRYPTION_ALGORITHM;
  if (file !== undefined) {
    const [{ loadConfig }, { controlPlaneEndpoint }] = await Promise.all([import('../config/index.js'), import('../kubeconfig/endpoint.js')]);
    const config = await loadConfig({ file, command: 'init', kubernetesDir: flagValue(a, 'kubernetesDir') });
    clusterName = config.cluster.clusterName;
    server = controlPlaneEndpoint(config);
    certificatesDir = dirs.certDirFlag ?? config.cluster.certificatesDir;
    algorithm = config.cluster.encryptionAlgorithm;
  } else {
    const { currentClusterOf } = await import('../kubeconfig/kubeconfig.js');
    const adminConf = `${dirs.kubeconfigDir}/${KUBECONFIG_FILES.admin}`;
    if (!(await fs.exists(adminConf))) {
      throw new MinikubeadmError('KUBECONFIG_INVALID', `${adminConf} does not exist, so the cluster's server and name are unknown`, { hint: 'pass --config with the cluster configuration, or --kubeconfig-dir where admin.conf is' });
    }
    const cluster = await currentClusterOf(fs, adminConf, 'kubeconfig admin');
    clusterName = cluster.name;
    server = cluster.server;
    certificatesDir = dirs.certDirFlag ?? dirs.defaultCertDir;
  }
  const [{ readCertificateChain, readPrivateKey }, { certKeyPaths }, { KeyPool, keySpecFor }, { userKubeconfig }] = await Promise.all([
    import('../pki/files.js'),
    import('../pki/paths.js'),
    import('../pki/keys.js'),
    import('../kubeconfig/user.js'),
  ]);
  const caFiles = certKeyPaths(certificatesDir, 'ca');
  const chain = await readCertificateChain(fs, caFiles.cert);
  if (!chain) throw new MinikubeadmError('PKI_MISSING', `the cluster CA ${caFiles.cert} does not exist`, { hint: 'run on a control-plane node, or point --cert-dir at the cluster\'s certificate directory' });
  const caKey = token === undefined ? await readPrivateKey(fs, caFiles.key) : undefined;
  const now = new Date();
  const t = now.getTime();
  const seconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);
  const text = await userKubeconfig({
    clusterName,
    server,
    caCert: chain[0]!,
    caFiles,
    caKey,
    clientName,
    organizations: orgs,
    validity: { notBefore: seconds(t - CERTIFICATE_BACKDATE_MS), notAfter: seconds(t + validityMs) },
    now,
    token,
    keys: new KeyPool(),
    keySpec: keySpecFor(algorithm),
  });
  process.stdout.write(text);
}

export function kubeconfigCommand(y: Argv): Argv {
  return y.command({
    command: 'kubeconfig',
    describe: 'Kubeconfig file utilities',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm kubeconfig user [flags]\n\nKubeconfig file utilities')
        .example('minikubeadm kubeconfig user --client-name alice', '')
        .command({
          command: 'user',
          describe: 'Output a kubeconfig file for an additional user',
          builder: (c: Argv) =>
            c
              .usage(
                'Usage: minikubeadm kubeconfig user --client-name NAME [flags]\n\n' +
                  'Output a kubeconfig file for an additional user, to stdout: a client certificate signed by the cluster CA (CN=<client-name>, O=<org>…), or --token. ' +
                  'It contains a private key or a token: keep it safe.',
              )
              .example('minikubeadm kubeconfig user --client-name alice --org developers --validity-period 720h > alice.conf', '')
              .options(commandOptions('kubeconfig user', USER, { token: 'The token that should be used as the authentication mechanism for this kubeconfig, instead of client certificates' })),
          handler: (a: ParsedArgs) => user(a),
        })
        .demandCommand(1, 'name a kubeconfig command: user')
        .strictCommands(),
    handler: () => undefined,
  });
}
