/**
 * `minikubeadm certs check-expiration|renew|certificate-key|generate-csr`. Where the certificates
 * are and how they are made comes from --config, else (renew only) the cluster's kubeadm-config
 * ConfigMap read through --kubeconfig, else kubeadm's defaults; --cert-dir overrides the directory.
 */
import type { Argv } from 'yargs';
import type { FlagKey } from '../config/flags/table.js';
import { parseDuration } from '../config/duration.js';
import type { Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import { Fs } from '../host/fs.js';
import type { Logger } from '../log.js';
import { type CommandDirs, commandDirs, flagValue, kubeconfigFile, loggerFor } from './day2.js';
import type { ParsedArgs } from './options.js';
import { commandOptions } from './registry.js';
import { ALL_TARGETS } from '../certs/targets.js';

const DIRS: readonly FlagKey[] = ['config', 'certDir', 'kubernetesDir', 'kubeconfigDir', 'v'];
const CHECK: readonly FlagKey[] = [...DIRS, 'output', 'warnWithin'];
const RENEW: readonly FlagKey[] = [...DIRS, 'kubeconfig', 'validityPeriod', 'dryRun', 'fixPermissions'];
const CSR: readonly FlagKey[] = ['config', 'certDir', 'kubernetesDir', 'kubeconfigDir', 'apiserverAdvertiseAddress', 'nodeName', 'controlPlaneEndpoint', 'apiserverCertExtraSans', 'serviceCidr', 'serviceDnsDomain', 'v'];

interface Settings {
  dirs: CommandDirs;
  certificatesDir: string;
  config: Config | undefined;
  externalEtcd: boolean;
}

async function loadFile(a: ParsedArgs): Promise<Config | undefined> {
  const file = flagValue(a, 'config');
  if (file === undefined) return undefined;
  const { loadConfig } = await import('../config/index.js');
  return loadConfig({ file, command: 'init', kubernetesDir: flagValue(a, 'kubernetesDir') });
}

/** The ClusterConfiguration in the cluster's kubeadm-config ConfigMap, or undefined (with kubeadm's fallback line). */
async function clusterConfig(a: ParsedArgs, dirs: CommandDirs, log: Logger): Promise<Config | undefined> {
  const file = kubeconfigFile(a, dirs);
  const fs = new Fs();
  log.info('Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  log.info("Use 'minikubeadm init phase upload-config --config your-config-file' to re-upload it.");
  try {
    if (!(await fs.exists(file))) throw new Error(`${file} does not exist`);
    const { clientFromKubeconfig } = await import('../kube/client/client.js');
    const client = await clientFromKubeconfig(file, fs, { requestTimeoutMs: 5_000, attempts: 1 });
    try {
      const cm = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'kubeadm-config' });
      const text = (cm?.['data'] as Record<string, string> | undefined)?.['ClusterConfiguration'];
      if (text === undefined) throw new Error('the ConfigMap kube-system/kubeadm-config has no ClusterConfiguration');
      const { loadConfig } = await import('../config/index.js');
      return await loadConfig({ file: 'the kubeadm-config ConfigMap', text, command: 'init', kubernetesDir: flagValue(a, 'kubernetesDir') });
    } finally {
      client.close();
    }
  } catch (e) {
    log.debug(1, `[${log.prefix}] ${(e as Error).message}`);
    log.info('Error reading configuration from the Cluster. Falling back to default configuration');
    return undefined;
  }
}

async function settings(config: Config | undefined, dirs: CommandDirs): Promise<Settings> {
  const certificatesDir = dirs.certDirFlag ?? config?.cluster.certificatesDir ?? dirs.defaultCertDir;
  let externalEtcd: boolean;
  if (config) externalEtcd = config.cluster.etcd.external !== undefined;
  else {
    const { looksLikeExternalEtcd } = await import('../certs/expiration.js');
    externalEtcd = await looksLikeExternalEtcd(new Fs(), certificatesDir, dirs.manifestsDir);
  }
  return { dirs, certificatesDir, config, externalEtcd };
}

function windowOf(a: ParsedArgs): number | undefined {
  const text = flagValue(a, 'warnWithin');
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0) {
    throw new MinikubeadmError('FLAG_INVALID', `--warn-within: ${JSON.stringify(text)} is not a duration`, { hint: 'use a duration such as 720h (30 days) or 168h (a week)' });
  }
  return ms;
}

async function checkExpirationCommand(a: ParsedArgs): Promise<void> {
  const log = loggerFor(a);
  const window = windowOf(a);
  const dirs = commandDirs(a);
  const s = await settings(await loadFile(a), dirs);
  const { checkExpiration, expirationText, expirationObject, expirationExitCode, expiringEntries } = await import('../certs/expiration.js');
  const { interruptedSwap } = await import('../certs/renew.js');
  const { targetsFor } = await import('../certs/targets.js');
  const fs = new Fs();
  const now = new Date();
  const certDirs = { certificatesDir: s.certificatesDir, kubeconfigDir: dirs.kubeconfigDir };
  for (const t of targetsFor(s.externalEtcd)) {
    if (await interruptedSwap(fs, t, certDirs)) {
      log.withPrefix('check-expiration').warn(`a renewal of ${t.name} was interrupted: its files may be half replaced; run \`minikubeadm certs renew ${t.name}\` to finish it`);
    }
  }
  const info = await checkExpiration({ fs, dirs: certDirs, externalEtcd: s.externalEtcd, now });
  for (const e of [...info.certificates, ...info.certificateAuthorities, info.kubelet]) {
    if (e.problem) process.stderr.write(`[check-expiration] WARNING: ${e.name}: ${e.problem}\n`);
  }
  const format = flagValue(a, 'output') ?? 'text';
  if (format === 'text') process.stdout.write(expirationText(info, now));
  else {
    const { printObjects } = await import('../output/printer.js');
    process.stdout.write(printObjects([expirationObject(info, now)], format as 'json' | 'yaml'));
  }
  if (window === undefined) return;
  const code = expirationExitCode(info, now, window);
  if (code === 0) return;
  const { expired, expiring } = expiringEntries(info, now, window);
  const parts = [...(expired.length > 0 ? [`expired or unreadable: ${expired.join(', ')}`] : []), ...(expiring.length > 0 ? [`expiring within ${flagValue(a, 'warnWithin')}: ${expiring.join(', ')}`] : [])];
  throw new MinikubeadmError('CERT_EXPIRING', `[check-expiration] ${parts.join('; ')}`, {
    hint: code === 3 ? 'renew them: `minikubeadm certs renew all` (a CA must be replaced by hand)' : `renew them before they expire: \`minikubeadm certs renew all\``,
    exitCode: code,
  });
}

async function renewCommand(a: ParsedArgs, name: string): Promise<void> {
  const log = loggerFor(a);
  const validityText = flagValue(a, 'validityPeriod');
  const validityFlag = validityText === undefined ? undefined : parseDuration(validityText);
  if (validityText !== undefined && (validityFlag === undefined || validityFlag <= 0)) {
    throw new MinikubeadmError('FLAG_INVALID', `--validity-period: ${JSON.stringify(validityText)} is not a positive duration`, { hint: 'e.g. --validity-period 8760h (one year)' });
  }
  const dirs = commandDirs(a);
  const dryRun = Boolean(a['dry-run']);
  const config = (await loadFile(a)) ?? (await clusterConfig(a, dirs, log.withPrefix('renew')));
  const s = await settings(config, dirs);
  const [{ targetsFor }, renew, { keySpecFor, KeyPool }, { DEFAULT_CERTIFICATE_VALIDITY, DEFAULT_ENCRYPTION_ALGORITHM }, { lockKubernetesDir }, { sweepTempFiles }] = await Promise.all([
    import('../certs/targets.js'),
    import('../certs/renew.js'),
    import('../pki/keys.js'),
    import('../config/constants.js'),
    import('../host/dir-lock.js'),
    import('../host/sweep.js'),
  ]);
  const targets = targetsFor(s.externalEtcd);
  const chosen = name === 'all' ? targets : targets.filter((t) => t.name === name);
  if (chosen.length === 0) throw new MinikubeadmError('FLAG_INVALID', `${name} is not a valid certificate for this cluster`, { hint: `this cluster uses external etcd; renewable here: ${targets.map((t) => t.name).join(', ')}` });
  const keySpec = keySpecFor(config?.cluster.encryptionAlgorithm ?? DEFAULT_ENCRYPTION_ALGORITHM);
  const validityMs = validityFlag ?? config?.cluster.certificateValidityPeriod.ms ?? parseDuration(DEFAULT_CERTIFICATE_VALIDITY)!;
  const fs = new Fs({ dryRun, roots: [dirs.kubernetesDir, s.certificatesDir, dirs.kubeconfigDir] });
  const certDirs = { certificatesDir: s.certificatesDir, kubeconfigDir: dirs.kubeconfigDir };
  const now = new Date();
  const keys = new KeyPool();
  // The lock init, join and reset take too: a renewal must not pair a certificate with another run's key.
  const release = dryRun ? async () => undefined : await lockKubernetesDir(dirs.kubernetesDir, '`minikubeadm certs renew`');
  const outcomes = new Map<string, string>();
  const backup = new renew.BackupDir(fs, dirs.tmpDir, now);
  try {
    await renew.checkSigners({ fs, dirs: certDirs, now }, chosen);
    await renew.checkModes({ fs, log: log.withPrefix('renew'), fix: Boolean(a['fix-permissions']) }, certDirs, chosen);
    if (!dryRun) {
      for (const file of await sweepTempFiles([s.certificatesDir, `${s.certificatesDir}/etcd`, dirs.kubeconfigDir])) {
        log.withPrefix('renew').info(`Removed ${file}, a temporary file left by an interrupted run`);
      }
      for (const t of chosen) {
        const done = await renew.finishInterrupted(t, certDirs);
        if (done) log.withPrefix('renew').info(done);
      }
    }
    keys.prefetch(keySpec, chosen.length);
    const inputs = { fs, dirs: certDirs, tmpDir: dirs.tmpDir, validityMs, keySpec, keys, now, log, dryRun, backup };
    for (const t of chosen) outcomes.set(t.name, await renew.renewTarget(inputs, t));
  } finally {
    await release();
  }
  const renewed = chosen.filter((t) => outcomes.get(t.name) === 'renewed');
  const refused = chosen.filter((t) => outcomes.get(t.name) === 'external');
  if (backup.made()) log.print(`The files that were replaced are in "${backup.made()}"`);
  if (renewed.length > 0 && !dryRun) {
    if (name === 'all') {
      log.print('\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.');
    } else {
      const components = renew.componentsUsing(chosen[0]!);
      if (components.length > 0) log.print(`\nDone renewing certificates. You must restart the ${components.join(', ')}, so that it can use the new certificate.`);
      else log.print('\nDone renewing certificates. Copies of this kubeconfig file (e.g. $HOME/.kube/config) still hold the old certificate: copy it again.');
    }
  }
  if (refused.length > 0) {
    throw new MinikubeadmError('PKI_MISSING', `not renewed: ${refused.map((t) => t.name).join(', ')}: the key of the CA that signs them is absent (external CA)`, {
      hint: 'have your CA issue them: `minikubeadm certs generate-csr` writes a key and a certificate signing request for each, with the names kubeadm uses',
    });
  }
}

async function certificateKeyCommand(a: ParsedArgs): Promise<void> {
  loggerFor(a);
  const { createCertificateKey } = await import('../certs/certificate-key.js');
  process.stdout.write(`${createCertificateKey()}\n`);
}

async function generateCsrCommand(a: ParsedArgs): Promise<void> {
  const log = loggerFor(a);
  const dirs = commandDirs(a);
  const { loadConfig } = await import('../config/index.js');
  const { configFlagsFrom } = await import('./options.js');
  const flags = configFlagsFrom(a);
  delete flags.certDir;
  const config = await loadConfig({ file: flagValue(a, 'config'), flags, command: 'init', kubernetesDir: flagValue(a, 'kubernetesDir') });
  const certificatesDir = dirs.certDirFlag ?? config.cluster.certificatesDir;
  const { generateCsrs } = await import('../certs/generate-csr.js');
  const { KeyPool } = await import('../pki/keys.js');
  await generateCsrs({ fs: new Fs(), config, certificatesDir, kubeconfigDir: dirs.kubeconfigDir, keys: new KeyPool(), log });
}

const RENEW_LONG =
  'Renewals run unconditionally, regardless of certificate expiration date; extra attributes such as SANs will be based on the existing file/certificates, ' +
  'there is no need to resupply them. Every file replaced is first copied into <kubernetes-dir>/tmp/kubeadm-backup-certs-<time>, and each certificate ' +
  'and key pair is swapped as one: an interrupted renewal is finished by the next run. The validity is certificateValidityPeriod of --config or of the ' +
  "cluster's kubeadm-config ConfigMap (else 8760h), or --validity-period.";

export function certsCommand(y: Argv): Argv {
  return y.command({
    command: 'certs',
    describe: 'Commands related to handling kubernetes certificates',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm certs <check-expiration|renew|certificate-key|generate-csr> [flags]\n\nCommands related to handling kubernetes certificates')
        .example('minikubeadm certs check-expiration', '')
        .command({
          command: 'check-expiration',
          describe: 'Check certificates expiration for a Kubernetes cluster',
          builder: (c: Argv) =>
            c
              .usage(
                'Usage: minikubeadm certs check-expiration [flags]\n\n' +
                  'Checks expiration for the certificates in the local PKI managed by kubeadm, offline: the PKI directory and the kubeconfig files ' +
                  '(made by minikubeadm or kubeadm). With --warn-within, the exit code is 2 when something expires within the window and 3 when something has expired.',
              )
              .example('minikubeadm certs check-expiration --warn-within 720h -o json', '')
              .options(commandOptions('certs check-expiration', CHECK)),
          handler: (a: ParsedArgs) => checkExpirationCommand(a),
        })
        .command({
          command: 'renew',
          describe: 'Renew certificates for a Kubernetes cluster',
          builder: (c: Argv) => {
            let r = c
              .usage(`Usage: minikubeadm certs renew <all|certificate> [flags]\n\n${RENEW_LONG}`)
              .example('minikubeadm certs renew all', '')
              .example('minikubeadm certs renew apiserver --validity-period 2160h --dry-run', '');
            const sub = (name: string, describe: string) => ({
              command: name,
              describe,
              builder: (d: Argv) =>
                d
                  .usage(`Usage: minikubeadm certs renew ${name} [flags]\n\n${describe}. ${RENEW_LONG}`)
                  .example(`minikubeadm certs renew ${name}`, '')
                  .options(commandOptions(`certs renew ${name}`, RENEW, { validityPeriod: 'Validity of the renewed certificates, from now (e.g. 8760h); default: certificateValidityPeriod' })),
              handler: (a: ParsedArgs) => renewCommand(a, name),
            });
            r = r.command(sub('all', 'Renew all available certificates'));
            for (const t of ALL_TARGETS) r = r.command(sub(t.name, `Renew the ${t.longName}`));
            return r.demandCommand(1, 'name what to renew: all, or one of the certificates listed above').strictCommands();
          },
          handler: () => undefined,
        })
        .command({
          command: 'certificate-key',
          describe: 'Generate certificate keys',
          builder: (c: Argv) =>
            c
              .usage(
                'Usage: minikubeadm certs certificate-key [flags]\n\n' +
                  'This command will print out a secure randomly-generated certificate key that can be used with the "init" command. ' +
                  'Keep it secret: it decrypts the control-plane certificates uploaded to the kubeadm-certs Secret.',
              )
              .example('minikubeadm certs certificate-key', '')
              .options(commandOptions('certs certificate-key', ['v'])),
          handler: (a: ParsedArgs) => certificateKeyCommand(a),
        })
        .command({
          command: 'generate-csr',
          describe: 'Generate keys and certificate signing requests',
          builder: (c: Argv) =>
            c
              .usage(
                'Usage: minikubeadm certs generate-csr [flags]\n\n' +
                  'Generates keys and certificate signing requests (CSRs) for all the certificates required to run the control plane, ' +
                  'for an external CA to sign. Each key is written to <name>.key and each CSR to <name>.csr; kubeconfig files get their key ' +
                  'embedded and the CSR next to them (admin.conf.csr). Existing keys or CSRs are never replaced.',
              )
              .example('minikubeadm certs generate-csr --kubeconfig-dir /tmp/etc-k8s --cert-dir /tmp/etc-k8s/pki', '')
              .options(commandOptions('certs generate-csr', CSR)),
          handler: (a: ParsedArgs) => generateCsrCommand(a),
        })
        .demandCommand(1, 'name a certs command: check-expiration, renew, certificate-key or generate-csr')
        .strictCommands(),
    handler: () => undefined,
  });
}
