/**
 * `minikubeadm token create|list|delete|generate`: bootstrap tokens, as kubeadm's token commands
 * manage them, through the cluster-admin kubeconfig (--kubeconfig, default admin.conf). The token is
 * printed only by `create` (and `generate`), and listed in full by `list`, as kubeadm does.
 */
import type { Argv } from 'yargs';
import type { FlagKey } from '../config/flags/table.js';
import { MinikubeadmError, UsageError } from '../errors.js';
import { Fs } from '../host/fs.js';
import type { KubeClient } from '../kube/client/client.js';
import type { Logger } from '../log.js';
import { commandDirs, flagValue, kubeconfigFile, loggerFor } from './day2.js';
import { type ParsedArgs, splitList } from './options.js';
import { commandOptions } from './registry.js';

const CLUSTER: readonly FlagKey[] = ['kubeconfig', 'kubernetesDir', 'kubeconfigDir', 'dryRun', 'v'];
const CREATE: readonly FlagKey[] = [...CLUSTER, 'config', 'ttl', 'usages', 'groups', 'description', 'printJoinCommand', 'certificateKey'];
const LIST: readonly FlagKey[] = [...CLUSTER, 'output'];

async function clusterClient(a: ParsedArgs, log: Logger): Promise<KubeClient> {
  const dirs = commandDirs(a);
  const file = kubeconfigFile(a, dirs);
  if (a['dry-run']) {
    const { dryRunClient } = await import('../kube/client/dry-run.js');
    return dryRunClient(log.withPrefix('dryrun'), 'https://<dry-run>', file);
  }
  const { clientFromKubeconfig } = await import('../kube/client/client.js');
  return clientFromKubeconfig(file, new Fs());
}

async function create(a: ParsedArgs): Promise<void> {
  const log = loggerFor(a);
  const [{ tokenFromFlags, createTokenSecret }, { joinCommandLine, joinEndpointOf }] = await Promise.all([import('../token/create.js'), import('../token/join-command.js')]);
  const positional = [a['token'], ...(a['_'] as unknown[]).slice(2)].filter((v) => v !== undefined).map(String);
  if (positional.length > 1) throw new UsageError(`token create takes at most one token, got ${positional.length} arguments`, 'e.g. `minikubeadm token create abcdef.0123456789abcdef`, or no argument to generate one');
  const certificateKey = flagValue(a, 'certificateKey');
  const printJoin = Boolean(a['print-join-command']);
  if (certificateKey !== undefined && !printJoin) {
    throw new MinikubeadmError('FLAG_INVALID', 'cannot use --certificate-key without --print-join-command', { hint: 'add --print-join-command, or drop --certificate-key' });
  }
  if (certificateKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(certificateKey)) {
    throw new MinikubeadmError('FLAG_INVALID', `--certificate-key: must be 64 hexadecimal characters (an AES-256 key), got ${certificateKey.length} characters`, {
      hint: 'use the key printed by `minikubeadm init phase upload-certs --upload-certs` (or `minikubeadm certs certificate-key`)',
    });
  }
  const flags = { token: positional[0], ttl: flagValue(a, 'ttl'), usages: splitList(a['usages']), groups: splitList(a['groups']), description: flagValue(a, 'description') };
  const configFile = flagValue(a, 'config');
  let token;
  if (configFile !== undefined) {
    const mixed = Object.entries({ '[token]': flags.token, '--ttl': flags.ttl, '--usages': flags.usages, '--groups': flags.groups, '--description': flags.description }).filter(([, v]) => v !== undefined).map(([k]) => k);
    if (mixed.length > 0) {
      throw new MinikubeadmError('FLAG_INVALID', `can not mix '--config' with ${mixed.join(', ')}`, { hint: 'set the token in bootstrapTokens[0] of the config file, or drop --config' });
    }
    const { loadConfig } = await import('../config/index.js');
    const config = await loadConfig({ file: configFile, command: 'init', kubernetesDir: flagValue(a, 'kubernetesDir') });
    const first = config.init.bootstrapTokens[0];
    if (!first) throw new MinikubeadmError('CONFIG_INVALID', `${configFile}: bootstrapTokens is empty, so there is no token to create`, { hint: 'add a token to InitConfiguration.bootstrapTokens, or drop --config' });
    token = first;
  } else {
    token = tokenFromFlags(flags);
  }
  // The join command needs the kubeconfig's server and CA: read them before anything is created.
  let join: string | undefined;
  if (printJoin) {
    const { currentClusterOf } = await import('../kubeconfig/kubeconfig.js');
    const [{ hashCertificate }, { parseCertificatesPem }] = await Promise.all([import('../pki/pubkeypin.js'), import('../pki/x509-read.js')]);
    const file = kubeconfigFile(a, commandDirs(a));
    const cluster = await currentClusterOf(new Fs(), file, 'kubeconfig admin');
    const hashes = parseCertificatesPem(cluster.caPem, `${file} (certificate-authority)`).map((c) => hashCertificate(c.der));
    join = joinCommandLine({ endpoint: joinEndpointOf(cluster.server), token: token.token, caCertHashes: hashes, controlPlane: certificateKey !== undefined, certificateKey });
  }
  const client = await clusterClient(a, log);
  try {
    const result = await createTokenSecret(client, token, new Date());
    log.debug(1, `[token] Secret kube-system/bootstrap-token-${token.token.slice(0, 6)} ${result}`);
  } finally {
    client.close();
  }
  process.stdout.write(`${join ?? token.token}\n`);
}

async function list(a: ParsedArgs): Promise<void> {
  const log = loggerFor(a);
  const [{ listTokens, tokenTable, tokenOutput }, { printObjects }] = await Promise.all([import('../token/list.js'), import('../output/printer.js')]);
  const client = await clusterClient(a, log);
  let listed;
  try {
    listed = await listTokens(client);
  } finally {
    client.close();
  }
  for (const p of listed.problems) process.stderr.write(`${p}\n`);
  const format = flagValue(a, 'output') ?? 'text';
  process.stdout.write(format === 'text' ? tokenTable(listed.tokens, new Date()) : printObjects(listed.tokens.map(tokenOutput), format as 'json' | 'yaml'));
}

async function remove(a: ParsedArgs): Promise<void> {
  const log = loggerFor(a);
  const { tokenIdOf, TOKEN_PATTERN_TEXT, TOKEN_ID_PATTERN_TEXT } = await import('../token/create.js');
  const args = [...((a['token-value'] as unknown[] | undefined) ?? []), ...(a['_'] as unknown[]).slice(2)].map(String);
  if (args.length === 0) {
    throw new UsageError(`missing argument; 'token delete' is missing token of form "${TOKEN_PATTERN_TEXT}" or "${TOKEN_ID_PATTERN_TEXT}"`, 'e.g. `minikubeadm token delete abcdef` (see `minikubeadm token list`)');
  }
  const ids = args.map((arg, i) => {
    const id = tokenIdOf(arg);
    if (id === undefined) {
      throw new MinikubeadmError('FLAG_INVALID', `argument ${i + 1}: given token didn't match pattern "${TOKEN_PATTERN_TEXT}" or "${TOKEN_ID_PATTERN_TEXT}"`, {
        hint: 'give a token id (6 characters [a-z0-9]) or a whole token, as `minikubeadm token list` shows them; nothing was deleted',
      });
    }
    return id;
  });
  const { bootstrapTokenSecretName } = await import('../config/bootstrap-token.js');
  const client = await clusterClient(a, log);
  try {
    for (const id of new Set(ids)) {
      const deleted = await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'kube-system', name: bootstrapTokenSecretName(id) });
      if (!deleted) {
        throw new MinikubeadmError('API_ERROR', `failed to delete bootstrap token "${id}": secrets "${bootstrapTokenSecretName(id)}" not found`, { hint: 'see `minikubeadm token list` for the tokens of this cluster' });
      }
      process.stdout.write(`bootstrap token "${id}" deleted\n`);
    }
  } finally {
    client.close();
  }
}

async function generate(a: ParsedArgs): Promise<void> {
  loggerFor(a);
  const { generateBootstrapToken } = await import('../config/bootstrap-token.js');
  process.stdout.write(`${generateBootstrapToken()}\n`);
}

export function tokenCommand(y: Argv): Argv {
  return y.command({
    command: 'token',
    describe: 'Manage bootstrap tokens',
    builder: (b: Argv) =>
      b
        .usage(
          'Usage: minikubeadm token <create|list|delete|generate> [flags]\n\n' +
            'Bootstrap tokens authenticate nodes joining the cluster (`minikubeadm join --token …`) and sign the cluster-info ConfigMap. ' +
            'They are Secrets of type bootstrap.kubernetes.io/token in kube-system, managed here through the cluster-admin kubeconfig.',
        )
        .example('minikubeadm token list', '')
        .command({
          command: 'create [token]',
          describe: 'Create bootstrap tokens on the server',
          builder: (c: Argv) =>
            c
              .usage(
                'Usage: minikubeadm token create [token] [flags]\n\n' +
                  'Create a bootstrap token Secret on the server and print the token (or, with --print-join-command, the join command). ' +
                  'Without [token] a random one is generated.',
              )
              .example('minikubeadm token create --ttl 2h --description "for node-7" --print-join-command', '')
              .options(commandOptions('token create', CREATE, { certificateKey: "With --print-join-command, print the flags to join as a control-plane node with this key ('minikubeadm init phase upload-certs --upload-certs' makes a new one)" })),
          handler: (a: ParsedArgs) => create(a),
        })
        .command({
          command: 'list',
          describe: 'List bootstrap tokens on the server',
          builder: (c: Argv) =>
            c.usage('Usage: minikubeadm token list [flags]\n\nList the bootstrap tokens of the cluster, with their TTL, usages and groups.')
              .example('minikubeadm token list -o yaml', '').options(commandOptions('token list', LIST)),
          handler: (a: ParsedArgs) => list(a),
        })
        .command({
          command: 'delete [token-value..]',
          describe: 'Delete bootstrap tokens on the server',
          builder: (c: Argv) =>
            c
              .usage('Usage: minikubeadm token delete <token-value>... [flags]\n\nDelete bootstrap tokens, given by id ([a-z0-9]{6}) or as whole tokens.')
              .example('minikubeadm token delete abcdef', '')
              .options(commandOptions('token delete', CLUSTER)),
          handler: (a: ParsedArgs) => remove(a),
        })
        .command({
          command: 'generate',
          describe: 'Generate and print a bootstrap token, but do not create it on the server',
          builder: (c: Argv) =>
            c
              .usage('Usage: minikubeadm token generate [flags]\n\nPrint a random bootstrap token, for `init --token` or `token create`; nothing is sent to a server.')
              .example('minikubeadm init --token "$(minikubeadm token generate)"', '')
              .options(commandOptions('token generate', ['v'])),
          handler: (a: ParsedArgs) => generate(a),
        })
        .demandCommand(1, 'name a token command: create, list, delete or generate')
        .strictCommands(),
    handler: () => undefined,
  });
}
