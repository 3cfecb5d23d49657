/**
 * No private key, bootstrap-token secret or certificate key reaches stdout or stderr, at -v 0 or
 * -v 10, dry-run or not, for every command that runs without a cluster (and for the ones that need
 * one, against a dead or scripted API server on 127.0.0.1). After each run every secret on disk is
 * collected (each private key PEM, each kubeconfig's client-key-data, raw and base64-decoded) along
 * with the configured token secret and certificate key, and neither it nor a distinctive slice of
 * it may appear in the output. Where the user asked for a secret (the join command, `token
 * create`, `token generate`, `certs certificate-key`, `kubeconfig user`, upload-certs' key,
 * `config migrate`), it appears on exactly the expected stdout lines and nowhere else.
 */
import { createPublicKey } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { parse, stringify } from 'yaml';
import { kubeadmCertsSecret } from '../../src/copycerts/secret.js';
import { hashCertificate } from '../../src/pki/pubkeypin.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { type ClusterInfoServer, clusterInfoServer, clusterInfoText, deadPort, discoveryPki, signedData } from '../helpers/cluster-info.js';
import { ONLINE_PHASES, files } from '../helpers/offline-init.js';

const TOKEN_ID = 'q7w2ke';
const TOKEN_SECRET = 'x9c4v8b1n6m3z5l0';
const TOKEN = `${TOKEN_ID}.${TOKEN_SECRET}`;
/** A second token the scripted API server knows, for which it serves kubeadm-certs encrypted with CERT_KEY. */
const TOKEN2_ID = 'r5t8yu';
const TOKEN2_SECRET = 'a1s2d3f4g5h6j7k8';
const TOKEN2 = `${TOKEN2_ID}.${TOKEN2_SECRET}`;
const CERT_KEY = '49675d3640ff6ad7130d30720acf8cfb6244461a2c242e714e58f66fbf977fd9';
/** The key the scripted API server's kubeadm-certs Secret is encrypted with: not CERT_KEY. */
const SERVED_CERT_KEY = 'c0b1f3a2e4d5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f';
const VERBOSITIES = ['0', '10'] as const;
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Secret {
  name: string;
  /** The secret and distinctive slices of it, any of which in the output is a leak. */
  needles: string[];
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** The PEM, each base64 body line of it and the whole of it base64-encoded. */
function pemNeedles(pem: string): string[] {
  const body = pem.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----'));
  return [pem.trim(), b64(pem).slice(0, 64), ...body];
}

/** The token-secret of a malformed bootstrap-token Secret the scripted API server lists. */
const MALFORMED_SECRET = 'Upper-case-bad!!';

const configured: Secret[] = [
  { name: 'a listed malformed token secret', needles: [MALFORMED_SECRET, b64(MALFORMED_SECRET)] },
  { name: 'bootstrap token secret', needles: [TOKEN_SECRET, b64(TOKEN_SECRET)] },
  { name: 'second bootstrap token secret', needles: [TOKEN2_SECRET, b64(TOKEN2_SECRET)] },
  { name: 'certificate key', needles: [CERT_KEY, b64(CERT_KEY)] },
  { name: "the served kubeadm-certs' certificate key", needles: [SERVED_CERT_KEY, b64(SERVED_CERT_KEY)] },
];

/** Every private key under `dir`: key files and kubeconfigs' client-key-data. */
async function diskSecrets(dir: string): Promise<Secret[]> {
  const out: Secret[] = [];
  for (const f of await files(dir)) {
    const text = await readFile(f, 'utf8');
    const name = f.slice(dir.length + 1);
    for (const m of text.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g)) out.push({ name, needles: pemNeedles(m[0]) });
    for (const m of text.matchAll(/client-key-data: (\S+)/g)) {
      const data = m[1]!;
      out.push({ name: `${name} client-key-data`, needles: [data, data.slice(0, 64), data.slice(-64), ...pemNeedles(Buffer.from(data, 'base64').toString('utf8'))] });
    }
  }
  return out;
}

/** Names of the secrets found in `text`, and of any private key, kubeconfig key or Secret object printed at all. */
function leaks(text: string, secrets: readonly Secret[]): string[] {
  const found = secrets.filter((s) => s.needles.some((n) => text.includes(n))).map((s) => s.name);
  if (/PRIVATE KEY-----/.test(text)) found.push('a private key PEM');
  if (/client-key-data:\s*[A-Za-z0-9+/]{16}/.test(text)) found.push('a kubeconfig client key');
  if (/^\s*kind: Secret$|"kind":\s*"Secret"/m.test(text)) found.push('a Secret object');
  return [...new Set(found)];
}

interface Env {
  dir: string;
  k: string;
  config: string;
  /** The kubeconfig of an API server nobody answers on. */
  admin: string;
  /**
   * A scripted API server on 127.0.0.1 answering cluster-info (signed with TOKEN), kubeadm-config,
   * kubelet-config, and a kubeadm-certs Secret encrypted with SERVED_CERT_KEY (404 otherwise).
   */
  server: ClusterInfoServer;
  caHash: string;
}

interface Case {
  title: string;
  args: (e: Env) => string[];
  /** Start from an empty tree instead of a copy of the prepared PKI and kubeconfigs. */
  fresh?: boolean;
  setup?: (e: Env) => Promise<void>;
  exitCode?: number;
  /** What stdout or stderr must show, to prove the command got as far as it should. */
  shows?: RegExp;
  /** stdout lines that may hold a secret because the user asked for it; each must be there. */
  allowed?: RegExp[];
  /** Secrets of this case only (e.g. malformed ones it passes). */
  secrets?: Secret[];
  /** The command has no -v flag: run once, without it. */
  noVerbosity?: boolean;
  /** Further checks of a run (for secrets that exist only in the output). */
  check?: (t: ExecutionContext, r: CliRun, v: string | undefined) => void;
}

let base: string;
let port: number;
let server: ClusterInfoServer;
let caHash: string;
const roots: string[] = [];

const configText = (controlPlanePort: number): string =>
  [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: InitConfiguration',
    `bootstrapTokens: [{token: ${TOKEN}}]`,
    `certificateKey: ${CERT_KEY}`,
    'localAPIEndpoint: {advertiseAddress: 127.0.0.1, bindPort: 6443}',
    'nodeRegistration: {name: cp-1}',
    '---',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: ClusterConfiguration',
    'encryptionAlgorithm: ECDSA-P256',
    `controlPlaneEndpoint: 127.0.0.1:${controlPlanePort}`,
    '',
  ].join('\n');

test.before(async () => {
  port = await deadPort();
  base = await mkdtemp(join(tmpdir(), 'mka-secrets-'));
  roots.push(base);
  await writeFile(join(base, 'cluster.yaml'), configText(port));
  const tree = ['--config', join(base, 'cluster.yaml'), '--kubernetes-dir', join(base, 'k')];
  for (const phase of ['certs', 'kubeconfig']) {
    const r = await runCli(['init', 'phase', phase, 'all', ...tree]);
    if (r.exitCode !== 0) throw new Error(`init phase ${phase} all: ${r.stderr}`);
  }
  const pki = await discoveryPki();
  caHash = hashCertificate(pki.ca.cert.pem);
  // The cluster CA of discovery; the other CA of the discovery PKI (RSA, as the cluster's) for front proxy and etcd; a serving key as sa.
  const other = { crt: Buffer.from(pki.mitmCA.cert.pem), key: Buffer.from(pki.mitmCA.keyPem) };
  const shared = new Map([
    ['ca.crt', Buffer.from(pki.ca.cert.pem)],
    ['ca.key', Buffer.from(pki.ca.keyPem)],
    ['front-proxy-ca.crt', other.crt],
    ['front-proxy-ca.key', other.key],
    ['etcd-ca.crt', other.crt],
    ['etcd-ca.key', other.key],
    ['sa.pub', Buffer.from(createPublicKey(pki.serving.keyPem).export({ type: 'spki', format: 'pem' }))],
    ['sa.key', Buffer.from(pki.serving.keyPem)],
  ]);
  for (const [name, bytes] of shared) if (name.endsWith('.key')) configured.push({ name: `the served ${name}`, needles: pemNeedles(bytes.toString('utf8')) });
  const owner = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bootstrap-token-u8k2lq', uid: '7d3c1c4e-0f7a-4d8e-9a4b-2f1e6c5d4b3a' } };
  const wrongKey = JSON.stringify(kubeadmCertsSecret(shared, SERVED_CERT_KEY, owner));
  const rightKey = JSON.stringify(kubeadmCertsSecret(shared, CERT_KEY, owner));
  const tokenSecret = (name: string, id: string, secret: string) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'bootstrap.kubernetes.io/token',
    metadata: { name, namespace: 'kube-system' },
    data: { 'token-id': b64(id), 'token-secret': b64(secret), 'usage-bootstrap-authentication': b64('true'), 'usage-bootstrap-signing': b64('true') },
  });
  const tokenSecrets = JSON.stringify({
    apiVersion: 'v1',
    kind: 'SecretList',
    metadata: {},
    items: [tokenSecret(`bootstrap-token-${TOKEN_ID}`, TOKEN_ID, TOKEN_SECRET), tokenSecret('bootstrap-token-m4lf0r', 'm4lf0r', MALFORMED_SECRET)],
  });
  const alreadyExists = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, message: `secrets "bootstrap-token-${TOKEN_ID}" already exists` });
  server = await clusterInfoServer(pki.serving, (_n, req) => {
    if (req.url?.startsWith('/api/v1/namespaces/kube-public/configmaps/cluster-info')) return { data: signedData(clusterInfoText(server.url, pki.ca.cert.pem), [[TOKEN_ID, TOKEN_SECRET], [TOKEN2_ID, TOKEN2_SECRET]]) };
    if (req.url?.startsWith('/api/v1/namespaces/kube-system/configmaps/kubeadm-config')) return { data: { ClusterConfiguration: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\ncontrolPlaneEndpoint: ${server.endpoint}\n` } };
    if (req.url?.startsWith('/api/v1/namespaces/kube-system/configmaps/kubelet-config')) return { data: { kubelet: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n' } };
    if (req.method === 'GET' && req.url?.startsWith('/api/v1/namespaces/kube-system/secrets?')) return { status: 200, body: tokenSecrets };
    if (req.method === 'POST' && req.url?.startsWith('/api/v1/namespaces/kube-system/secrets')) return { status: 409, body: alreadyExists };
    if (req.url?.startsWith('/api/v1/namespaces/kube-system/secrets/kubeadm-certs')) return { status: 200, body: req.headers.authorization === `Bearer ${TOKEN2}` ? rightKey : wrongKey };
    return undefined;
  });
});

test.after.always(async () => {
  await server?.close();
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

test('the sweep finds every key of the prepared tree, and a leak of any of its slices', async (t) => {
  const secrets = await diskSecrets(base);
  t.is(secrets.filter((s) => s.name.endsWith('.key')).length, 11, 'ten certificate keys and sa.key');
  t.is(secrets.filter((s) => s.name.endsWith('client-key-data')).length, 5, 'the key of each of the five kubeconfigs');
  for (const s of [...configured, ...secrets]) {
    for (const n of s.needles) t.deepEqual(leaks(`[debug] ${n} and more`, [s]).slice(0, 1), [s.name], `${s.name}: ${n.slice(0, 20)}…`);
  }
  t.deepEqual(leaks('client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t', []), ['a kubeconfig client key']);
  t.deepEqual(leaks('-----BEGIN EC PRIVATE KEY-----', []), ['a private key PEM']);
  t.deepEqual(leaks('apiVersion: v1\nkind: Secret\n', []), ['a Secret object']);
  t.deepEqual(leaks('[dryrun] Would create Secret kube-system/bootstrap-token-q7w2ke\n(contents not shown: a Secret)', [...configured, ...secrets]), []);
});

async function env(fresh: boolean): Promise<Env> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-secrets-'));
  roots.push(dir);
  await writeFile(join(dir, 'cluster.yaml'), configText(port));
  if (!fresh) await cp(join(base, 'k'), join(dir, 'k'), { recursive: true });
  return { dir, k: join(dir, 'k'), config: join(dir, 'cluster.yaml'), admin: join(dir, 'k', 'admin.conf'), server, caHash };
}

/** `--kubernetes-dir` and `--kubelet-dir` of the case's tree. */
const dirs = (e: Env): string[] => ['--kubernetes-dir', e.k, '--kubelet-dir', join(e.dir, 'kubelet')];
const withConfig = (e: Env): string[] => ['--config', e.config, ...dirs(e)];

function sweep(c: Case): void {
  test(`${c.title}: no key, token secret or certificate key in the output${c.noVerbosity ? '' : ' at -v 0 and -v 10'}${c.allowed ? ' (beyond the lines asked for)' : ''}`, async (t) => {
    for (const v of c.noVerbosity ? [undefined] : VERBOSITIES) {
      const e = await env(c.fresh ?? false);
      await c.setup?.(e);
      const before = await diskSecrets(e.dir);
      const r = await runCli([...c.args(e), ...(v ? ['-v', v] : [])]);
      const label = `${c.title} -v ${v}`;
      t.is(r.exitCode, c.exitCode ?? 0, `${label}: exit code\n${r.stderr}`);
      if (c.shows) t.regex(`${r.stdout}\n${r.stderr}`, c.shows, label);
      const secrets = [...configured, ...(c.secrets ?? []), ...before, ...(await diskSecrets(e.dir))];
      let stdout = r.stdout;
      for (const line of c.allowed ?? []) {
        const re = new RegExp(line.source, 'gm');
        t.regex(stdout, re, `${label}: prints ${line}`);
        stdout = stdout.replace(re, '');
      }
      t.deepEqual(leaks(stdout, secrets), [], `${label}: stdout`);
      t.deepEqual(leaks(r.stderr, secrets), [], `${label}: stderr`);
      c.check?.(t, r, v);
    }
  });
}

const joinLine = (e: Env | undefined, host = '127\\.0\\.0\\.1:\\d+'): RegExp => new RegExp(`^\\s*minikubeadm join ${e ? esc(e.server.endpoint) : host} --token ${esc(TOKEN)} .*$`);
const certKeyFlag = new RegExp(`^\\s*--control-plane --certificate-key ${CERT_KEY}\\s*$`);

// init, phase by phase and whole.
sweep({ title: 'init phase certs all', fresh: true, args: (e) => ['init', 'phase', 'certs', 'all', ...withConfig(e)], shows: /Generating "sa" key/ });
const withoutKubeconfigs = async (e: Env): Promise<void> => {
  await Promise.all(['admin', 'super-admin', 'kubelet', 'controller-manager', 'scheduler'].map((n) => unlink(join(e.k, `${n}.conf`))));
};
sweep({ title: 'init phase kubeconfig all', setup: withoutKubeconfigs, args: (e) => ['init', 'phase', 'kubeconfig', 'all', ...withConfig(e)], shows: /Writing "scheduler\.conf"/ });
sweep({ title: 'init phase kubeconfig all --dry-run', setup: withoutKubeconfigs, args: (e) => ['init', 'phase', 'kubeconfig', 'all', '--dry-run', ...withConfig(e)], shows: /scheduler\.conf/ });
sweep({ title: 'init phase certs all --dry-run', fresh: true, args: (e) => ['init', 'phase', 'certs', 'all', '--dry-run', ...withConfig(e)], shows: /Would write file .*ca\.key/ });
sweep({ title: 'init phase preflight --dry-run', args: (e) => ['init', 'phase', 'preflight', '--dry-run', '--ignore-preflight-errors', 'all', ...withConfig(e)] });
sweep({ title: 'init phase control-plane all', args: (e) => ['init', 'phase', 'control-plane', 'all', ...withConfig(e)], shows: /kube-scheduler/ });
sweep({ title: 'init phase control-plane all --dry-run', args: (e) => ['init', 'phase', 'control-plane', 'all', '--dry-run', ...withConfig(e)], shows: /kube-scheduler/ });
sweep({ title: 'init phase etcd local', args: (e) => ['init', 'phase', 'etcd', 'local', ...withConfig(e)], shows: /etcd/ });
sweep({ title: 'init phase etcd local --dry-run', args: (e) => ['init', 'phase', 'etcd', 'local', '--dry-run', ...withConfig(e)], shows: /etcd/ });
sweep({ title: 'init phase kubelet-start --dry-run', args: (e) => ['init', 'phase', 'kubelet-start', '--dry-run', ...withConfig(e)] });
sweep({
  title: 'init phase bootstrap-token --dry-run',
  args: (e) => ['init', 'phase', 'bootstrap-token', '--dry-run', ...withConfig(e)],
  shows: new RegExp(`Using token: ${TOKEN_ID}\\.\\*+`),
});
sweep({
  title: 'init phase upload-certs --upload-certs --dry-run (key from the config)',
  args: (e) => ['init', 'phase', 'upload-certs', '--upload-certs', '--dry-run', ...withConfig(e)],
  shows: /Would create Secret kube-system\/kubeadm-certs/,
  allowed: [new RegExp(`^${CERT_KEY}$`)],
});
sweep({
  title: 'init phase upload-certs --upload-certs --dry-run --certificate-key',
  args: (e) => ['init', 'phase', 'upload-certs', '--upload-certs', '--dry-run', '--certificate-key', CERT_KEY, ...dirs(e)],
  shows: /Would create Secret kube-system\/kubeadm-certs/,
  allowed: [new RegExp(`^${CERT_KEY}$`)],
});
sweep({
  title: 'init phase upload-certs --upload-certs --dry-run --skip-certificate-key-print',
  args: (e) => ['init', 'phase', 'upload-certs', '--upload-certs', '--dry-run', '--skip-certificate-key-print', '--certificate-key', CERT_KEY, ...dirs(e)],
  shows: /Would create Secret kube-system\/kubeadm-certs/,
});
sweep({ title: 'init phase upload-config all --dry-run', args: (e) => ['init', 'phase', 'upload-config', 'all', '--dry-run', ...withConfig(e)], shows: /Would create ConfigMap kube-system\/kubeadm-config/ });
sweep({ title: 'init phase kubelet-finalize all --dry-run', args: (e) => ['init', 'phase', 'kubelet-finalize', 'all', '--dry-run', ...withConfig(e)] });
sweep({ title: 'init phase show-join-command --dry-run', args: (e) => ['init', 'phase', 'show-join-command', '--dry-run', ...withConfig(e)], allowed: [joinLine(undefined)] });
sweep({ title: 'init without its online phases', fresh: true, args: (e) => ['init', ...withConfig(e), '--skip-phases', ONLINE_PHASES] });
sweep({
  title: 'init --dry-run on the prepared tree, with --upload-certs',
  args: (e) => ['init', '--dry-run', '--upload-certs', '--ignore-preflight-errors', 'all', ...withConfig(e)],
  shows: /Your Kubernetes control-plane has initialized successfully/,
  allowed: [new RegExp(`^${CERT_KEY}$`), joinLine(undefined), certKeyFlag],
});
sweep({
  title: 'init --dry-run on an empty tree',
  fresh: true,
  args: (e) => ['init', '--dry-run', '--ignore-preflight-errors', 'all', ...withConfig(e)],
  shows: /Your Kubernetes control-plane has initialized successfully/,
  allowed: [joinLine(undefined)],
});
sweep({
  title: 'init --dry-run --skip-token-print',
  args: (e) => ['init', '--dry-run', '--skip-token-print', '--ignore-preflight-errors', 'all', ...withConfig(e)],
  shows: /Your Kubernetes control-plane has initialized successfully/,
});

// Day 2: certs, kubeconfig, token.
const NO_CLUSTER = ['--kubeconfig', '/nonexistent/admin.conf'];
sweep({ title: 'certs renew all', args: (e) => ['certs', 'renew', 'all', '--config', e.config, '--kubernetes-dir', e.k, ...NO_CLUSTER], shows: /Done renewing certificates/ });
sweep({ title: 'certs renew all --dry-run', args: (e) => ['certs', 'renew', 'all', '--dry-run', '--config', e.config, '--kubernetes-dir', e.k, ...NO_CLUSTER], shows: /Would renew/ });
sweep({ title: 'certs check-expiration', args: (e) => ['certs', 'check-expiration', '--config', e.config, '--kubernetes-dir', e.k], shows: /front-proxy-ca/ });
sweep({ title: 'certs check-expiration -o json', args: (e) => ['certs', 'check-expiration', '-o', 'json', '--config', e.config, '--kubernetes-dir', e.k], shows: /"front-proxy-ca"/ });
sweep({ title: 'certs generate-csr', fresh: true, args: (e) => ['certs', 'generate-csr', '--config', e.config, '--kubernetes-dir', e.k], shows: /scheduler\.conf/ });

/** A secret printed on stdout as asked, once, as the whole of the line matching `line`, and never on stderr. */
function printedOnce(t: ExecutionContext, r: CliRun, v: string | undefined, secret: string | undefined, what: string): void {
  if (!secret) {
    t.fail(`-v ${v}: no ${what} printed`);
    return;
  }
  t.is(r.stdout.split(secret).length - 1, 1, `-v ${v}: the ${what} is printed once`);
  t.false(r.stderr.includes(secret), `-v ${v}: the ${what} is not on stderr`);
}

sweep({
  title: 'certs certificate-key',
  args: () => ['certs', 'certificate-key'],
  check: (t, r, v) => {
    t.regex(r.stdout, /^[0-9a-f]{64}\n?$/, `-v ${v}: only the key on stdout`);
    printedOnce(t, r, v, /[0-9a-f]{64}/.exec(r.stdout)?.[0], 'certificate key');
  },
});
sweep({
  title: 'token generate',
  args: () => ['token', 'generate'],
  check: (t, r, v) => {
    t.regex(r.stdout, /^[a-z0-9]{6}\.[a-z0-9]{16}\n?$/, `-v ${v}: only the token on stdout`);
    printedOnce(t, r, v, /\.([a-z0-9]{16})/.exec(r.stdout)?.[1], 'token secret');
  },
});
sweep({
  title: 'kubeconfig user --client-name',
  args: (e) => ['kubeconfig', 'user', '--client-name', 'x', '--config', e.config, '--kubernetes-dir', e.k],
  check: (t, r, v) => {
    const kc = parse(r.stdout) as { users: { user: Record<string, string> }[] };
    const key = kc.users[0]!.user['client-key-data'];
    printedOnce(t, r, v, key, 'client key');
    const pem = Buffer.from(key ?? '', 'base64').toString('utf8');
    t.deepEqual(leaks(`${r.stdout.replace(key ?? '', '')}\n${r.stderr}`, [{ name: 'the new client key', needles: pemNeedles(pem) }]), [], `-v ${v}: the key is not printed a second time`);
  },
  allowed: [/^\s*client-key-data: \S+$/],
});
sweep({
  title: 'kubeconfig user --token',
  args: (e) => ['kubeconfig', 'user', '--client-name', 'x', '--token', TOKEN, '--config', e.config, '--kubernetes-dir', e.k],
  allowed: [new RegExp(`^\\s*token: ${esc(TOKEN)}$`)],
});
sweep({
  title: 'token create --dry-run --print-join-command --certificate-key',
  args: (e) => ['token', 'create', TOKEN, '--dry-run', '--print-join-command', '--certificate-key', CERT_KEY, '--kubeconfig', e.admin],
  allowed: [new RegExp(`^minikubeadm join 127\\.0\\.0\\.1:\\d+ --token ${esc(TOKEN)} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64} --control-plane --certificate-key ${CERT_KEY}\\s*$`)],
});
sweep({ title: 'token create --dry-run', args: (e) => ['token', 'create', TOKEN, '--dry-run', '--kubeconfig', e.admin], allowed: [new RegExp(`^${esc(TOKEN)}$`)] });
sweep({ title: 'token create against a dead API server', args: (e) => ['token', 'create', TOKEN, '--kubeconfig', e.admin], exitCode: 1, shows: /ECONNREFUSED/ });
sweep({ title: 'token list against a dead API server', args: (e) => ['token', 'list', '--kubeconfig', e.admin], exitCode: 1, shows: /ECONNREFUSED/ });
sweep({ title: 'token delete against a dead API server', args: (e) => ['token', 'delete', TOKEN, '--kubeconfig', e.admin], exitCode: 1, shows: /ECONNREFUSED/ });

/** admin.conf pointed at the scripted API server (its CA; the server asks for no client certificate). */
const toScriptedServer = async (e: Env): Promise<void> => {
  const kc = parse(await readFile(e.admin, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
  kc.clusters[0]!.cluster['server'] = e.server.url;
  kc.clusters[0]!.cluster['certificate-authority-data'] = b64((await discoveryPki()).ca.cert.pem);
  await writeFile(e.admin, stringify(kc));
};
sweep({
  title: 'token list from an API server holding the token and a malformed one',
  setup: toScriptedServer,
  args: (e) => ['token', 'list', '--kubeconfig', e.admin],
  shows: /bootstrap-token-m4lf0r.* has no valid token-secret/,
  allowed: [new RegExp(`^${esc(TOKEN)}\\s.*$`)],
});
sweep({
  title: 'token list -o json from the same API server',
  setup: toScriptedServer,
  args: (e) => ['token', 'list', '-o', 'json', '--kubeconfig', e.admin],
  allowed: [new RegExp(`^\\s*"token": "${esc(TOKEN)}",?$`)],
});
sweep({ title: 'token create of a token the API server already has, then refuses to update', setup: toScriptedServer, args: (e) => ['token', 'create', TOKEN, '--kubeconfig', e.admin], exitCode: 1, shows: /cannot update Secret kube-system\/bootstrap-token-q7w2ke/ });

// join, reset.
const joinFlags = (e: Env, token = TOKEN): string[] => [e.server.endpoint, '--token', token, '--discovery-token-ca-cert-hash', e.caHash, '--control-plane', '--certificate-key', CERT_KEY, '--ignore-preflight-errors', 'all', ...dirs(e)];
sweep({ title: 'join --control-plane, through discovery to a kubeadm-certs Secret its certificate key does not open', fresh: true, args: (e) => ['join', ...joinFlags(e)], exitCode: 1, shows: /error decoding secret data with provided key/ });
sweep({ title: 'join --control-plane --dry-run, to the same wrong-key kubeadm-certs', fresh: true, args: (e) => ['join', '--dry-run', ...joinFlags(e)], exitCode: 1, shows: /error decoding secret data with provided key/ });
sweep({ title: 'join --control-plane --dry-run, downloading and decrypting kubeadm-certs', fresh: true, args: (e) => ['join', '--dry-run', ...joinFlags(e, TOKEN2)], shows: /Would write file .*etcd\/ca\.key/ });
sweep({
  title: 'join --dry-run of a worker, through discovery and the TLS bootstrap kubeconfig',
  fresh: true,
  args: (e) => ['join', '--dry-run', e.server.endpoint, '--token', TOKEN, '--discovery-token-ca-cert-hash', e.caHash, '--ignore-preflight-errors', 'all', ...dirs(e)],
  shows: /bootstrap-kubelet\.conf/,
});
const joinConfig = (e: Env): string[] => {
  const file = join(e.dir, 'join.yaml');
  return ['--config', file, '--ignore-preflight-errors', 'all', ...dirs(e)];
};
const writeJoinConfig = async (e: Env): Promise<void> => {
  const text = [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: JoinConfiguration',
    'discovery:',
    '  bootstrapToken:',
    `    apiServerEndpoint: 127.0.0.1:${port}`,
    `    token: ${TOKEN}`,
    `    caCertHashes: ["${e.caHash}"]`,
    'controlPlane:',
    `  certificateKey: ${CERT_KEY}`,
    '  localAPIEndpoint: {advertiseAddress: 127.0.0.1, bindPort: 6443}',
    'nodeRegistration: {name: cp-2}',
    'timeouts: {discovery: 2s}',
    '',
  ].join('\n');
  await writeFile(join(e.dir, 'join.yaml'), text);
};
sweep({ title: 'join --config against a dead API server', fresh: true, setup: writeJoinConfig, args: (e) => ['join', ...joinConfig(e)], exitCode: 1, shows: /couldn't validate the identity of the API Server/ });
sweep({ title: 'join --config --dry-run against a dead API server', fresh: true, setup: writeJoinConfig, args: (e) => ['join', '--dry-run', ...joinConfig(e)], exitCode: 1, shows: /couldn't validate the identity of the API Server/ });
sweep({ title: 'reset --dry-run --force', args: (e) => ['reset', '--dry-run', '--force', ...dirs(e)], shows: /Would delete/ });

// config.
sweep({ title: 'config print init-defaults', noVerbosity: true, args: () => ['config', 'print', 'init-defaults'], shows: /kind: InitConfiguration/ });
sweep({ title: 'config images list', args: (e) => ['config', 'images', 'list', '--config', e.config], shows: /kube-apiserver/ });
sweep({ title: 'config validate', args: (e) => ['config', 'validate', '--config', e.config], shows: /is a valid configuration/ });
sweep({
  title: 'config migrate to stdout',
  args: (e) => ['config', 'migrate', '--old-config', e.config],
  allowed: [new RegExp(`^\\s*token: ${esc(TOKEN)}$`), new RegExp(`^certificateKey: ${CERT_KEY}$`)],
});
sweep({ title: 'config migrate --new-config', args: (e) => ['config', 'migrate', '--old-config', e.config, '--new-config', join(e.dir, 'new.yaml')] });

// Damaged and malformed secrets: the errors name the file or field, never quote the value.
const damage = async (e: Env): Promise<void> => {
  const caKey = join(e.k, 'pki', 'ca.key');
  const lines = (await readFile(caKey, 'utf8')).split('\n');
  lines[1] = `${lines[1]!.slice(0, -5)}!!!!!`;
  await writeFile(caKey, lines.join('\n'));
  const admin = join(e.k, 'admin.conf');
  const text = await readFile(admin, 'utf8');
  const data = /client-key-data: (\S+)/.exec(text)![1]!;
  const pem = Buffer.from(data, 'base64').toString('utf8').replace('-----END', 'junk\n-----END');
  await writeFile(admin, text.replace(data, b64(pem)));
};
sweep({ title: 'certs check-expiration with a damaged kubeconfig key', setup: damage, args: (e) => ['certs', 'check-expiration', '--config', e.config, '--kubernetes-dir', e.k], shows: /admin\.conf.*is not a readable private key/ });
sweep({ title: 'certs renew all with a damaged CA key', setup: damage, args: (e) => ['certs', 'renew', 'all', '--config', e.config, '--kubernetes-dir', e.k, ...NO_CLUSTER], exitCode: 1, shows: /ca\.key is not a readable private key/ });
sweep({ title: 'init phase kubeconfig all with a damaged CA key', setup: async (e) => damage(e).then(() => withoutKubeconfigs(e)), args: (e) => ['init', 'phase', 'kubeconfig', 'all', ...withConfig(e)], exitCode: 1, shows: /ca\.key is not a readable private key/ });

const BAD_TOKEN = 'q7w2ke.X9c4v8b1n6m3z5l1';
const BAD_CERT_KEY = `${CERT_KEY.slice(0, 63)}Z`;
const malformed: Secret[] = [
  { name: 'malformed token secret', needles: [BAD_TOKEN.slice(7)] },
  { name: 'malformed certificate key', needles: [BAD_CERT_KEY.slice(0, 40)] },
];
sweep({ title: 'token create with a malformed token', secrets: malformed, args: (e) => ['token', 'create', BAD_TOKEN, '--dry-run', '--kubeconfig', e.admin], exitCode: 1, shows: /not of the form/ });
sweep({
  title: 'join with a malformed token and certificate key',
  fresh: true,
  secrets: malformed,
  args: (e) => ['join', '127.0.0.1:1', '--token', BAD_TOKEN, '--discovery-token-unsafe-skip-ca-verification', '--control-plane', '--certificate-key', BAD_CERT_KEY, ...dirs(e)],
  exitCode: 1,
  shows: /--token: is not a valid bootstrap token/,
});
sweep({
  title: 'init phase upload-certs with a malformed certificate key',
  secrets: malformed,
  args: (e) => ['init', 'phase', 'upload-certs', '--upload-certs', '--dry-run', '--certificate-key', BAD_CERT_KEY, ...dirs(e)],
  exitCode: 1,
  shows: /--certificate-key: is not a valid certificate key/,
});
sweep({
  title: 'config validate of a config with a malformed token and certificate key',
  secrets: malformed,
  setup: async (e) => writeFile(e.config, configText(port).replace(TOKEN, BAD_TOKEN).replace(CERT_KEY, BAD_CERT_KEY)),
  args: (e) => ['config', 'validate', '--config', e.config],
  exitCode: 1,
  shows: /bootstrapTokens\[0\]\.token: is not a valid bootstrap token/,
});
