/**
 * Semantic checks of the defaulted InitConfiguration and JoinConfiguration (kubeadm's
 * ValidateInitConfiguration / ValidateJoinConfiguration): node registration, endpoints, bootstrap
 * tokens, certificate key, discovery. Token and key values are secret: messages never repeat them.
 */
import { caCertPath } from '../paths.js';
import { existsSync } from 'node:fs';
import { ipProblem } from '../../net/ip.js';
import { isAbsolute } from 'node:path';
import { BOOTSTRAP_TOKEN_FORMAT, isValidBootstrapToken, validateBootstrapGroupName, validateUsages } from '../bootstrap-token.js';
import { checkAbsolutePath, checkDNSSubdomain, checkHostPortRequired } from './checks.js';
import type { Reporter } from '../report.js';
import type { APIEndpoint, BootstrapToken, InitConfiguration, JoinConfiguration, NodeRegistrationOptions, Timeouts } from '../types.js';
import { absolutePath, checkArgs } from './cluster.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function checkToken(token: string, path: string, r: Reporter): void {
  if (!isValidBootstrapToken(token)) {
    r.add(path, token === '' ? `is required: a bootstrap token of the form ${BOOTSTRAP_TOKEN_FORMAT}` : `is not a valid bootstrap token: expected the form ${BOOTSTRAP_TOKEN_FORMAT} (lower-case letters and digits)`);
  }
}

function checkCertificateKey(key: string, path: string, r: Reporter): void {
  if (key !== '' && !/^[0-9a-fA-F]{64}$/.test(key)) {
    r.add(path, `is not a valid certificate key: expected 64 hexadecimal characters (a 32-byte AES key, e.g. from \`openssl rand -hex 32\`)`);
  }
}

function checkEndpoint(e: APIEndpoint, path: string, r: Reporter): void {
  if (e.advertiseAddress === '') {
    r.add(`${path}.advertiseAddress`, 'could not detect this host\'s address (no default route and no global address): set --apiserver-advertise-address or localAPIEndpoint.advertiseAddress');
  } else if (ipProblem(e.advertiseAddress) !== undefined) {
    r.add(`${path}.advertiseAddress`, ipProblem(e.advertiseAddress)!);
  }
  if (!Number.isInteger(e.bindPort) || e.bindPort < 1 || e.bindPort > 65535) {
    r.add(`${path}.bindPort`, `${JSON.stringify(String(e.bindPort))} is not a valid port: use 1–65535`);
  }
}

function checkNodeRegistration(n: NodeRegistrationOptions, path: string, r: Reporter): void {
  if (n.name === '') r.add(`${path}.name`, 'is required: set --node-name or nodeRegistration.name (the hostname could not be used)');
  else if (n.name !== n.name.toLowerCase()) r.add(`${path}.name`, `${JSON.stringify(n.name)} must be lower case (RFC 1123 subdomain)`);
  else {
    const bad = checkDNSSubdomain(n.name);
    if (bad) r.add(`${path}.name`, bad);
  }
  if (!/^unix:\/\/\/[^\s]+$/.test(n.criSocket)) {
    r.add(`${path}.criSocket`, `${JSON.stringify(n.criSocket)} is not a CRI socket: only the URL scheme "unix" with an absolute path is supported (e.g. unix:///var/run/containerd/containerd.sock)`);
  }
  checkArgs(n.kubeletExtraArgs, `${path}.kubeletExtraArgs`, r);
  // kubeadm-flags.env reaches the kubelet as an unquoted $KUBELET_KUBEADM_ARGS, which systemd splits at
  // whitespace: "a b" would become the value "a" and a second argument "b".
  n.kubeletExtraArgs.forEach((a, i) => {
    if (/\s/.test(a.value)) r.add(`${path}.kubeletExtraArgs[${i}].value`, `${JSON.stringify(a.value)} contains whitespace, which systemd splits into separate kubelet arguments: use a comma-separated value or the KubeletConfiguration document`);
  });
  if (!PULL_POLICIES.includes(n.imagePullPolicy)) r.add(`${path}.imagePullPolicy`, `${JSON.stringify(n.imagePullPolicy)} is not a pull policy: use one of ${PULL_POLICIES.join(', ')}`);
  (n.taints ?? []).forEach((t, i) => {
    if (!QUALIFIED_NAME.test(t.key)) r.add(`${path}.taints[${i}].key`, `${JSON.stringify(t.key)} is not a valid taint key (e.g. node-role.kubernetes.io/control-plane)`);
    if (!TAINT_EFFECTS.includes(t.effect)) r.add(`${path}.taints[${i}].effect`, `${JSON.stringify(t.effect)} is not a taint effect: use one of ${TAINT_EFFECTS.join(', ')}`);
    if (t.value !== undefined && t.value !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(t.value)) {
      r.add(`${path}.taints[${i}].value`, `${JSON.stringify(t.value)} is not a valid taint value (at most 63 letters, digits, '-', '_', '.')`);
    }
  });
  const ignores = n.ignorePreflightErrors.map((s) => s.toLowerCase());
  if (ignores.includes('all') && new Set(ignores).size > 1) r.add(`${path}.ignorePreflightErrors`, "don't list individual checks when 'all' is used");
}

function checkDurations(t: Timeouts, path: string, r: Reporter): void {
  for (const [field, d] of Object.entries(t)) {
    if (Number.isNaN(d.ms)) r.add(`${path}.${field}`, `${JSON.stringify(d.text)} is not a duration (e.g. 4m, 30s, 1h30m)`);
    else if (d.ms <= 0) r.add(`${path}.${field}`, `must be greater than zero, got ${JSON.stringify(d.text)}`);
  }
}

function checkBootstrapToken(bt: BootstrapToken, path: string, given: { ttl: boolean }, r: Reporter): void {
  checkToken(bt.token, `${path}.token`, r);
  if (Number.isNaN(bt.ttl.ms)) r.add(`${path}.ttl`, `${JSON.stringify(bt.ttl.text)} is not a duration (e.g. 24h, 2h30m; 0 means the token never expires)`);
  else if (bt.ttl.ms < 0) r.add(`${path}.ttl`, `must not be negative, got ${JSON.stringify(bt.ttl.text)} (0 means the token never expires)`);
  if (bt.expires !== undefined) {
    if (!RFC3339.test(bt.expires) || Number.isNaN(Date.parse(bt.expires))) r.add(`${path}.expires`, `${JSON.stringify(bt.expires)} is not an RFC 3339 time (e.g. 2030-01-02T15:04:05Z)`);
    if (given.ttl) r.add(path, 'ttl and expires are mutually exclusive: keep only one of them');
  }
  const usage = validateUsages(bt.usages);
  if (usage) r.add(`${path}.usages`, usage);
  if (bt.groups.length > 0 && !bt.usages.includes('authentication')) r.add(`${path}.groups`, 'token groups cannot be specified unless usages includes "authentication"');
  bt.groups.forEach((g, i) => {
    const bad = validateBootstrapGroupName(g);
    if (bad) r.add(`${path}.groups[${i}]`, bad);
  });
  if (bt.description !== undefined && bt.description.length > 1024) r.add(`${path}.description`, 'is longer than 1024 characters');
}

/** `tokensWithTtl[i]` says whether token i had an explicit ttl in the file (ttl and expires exclude each other). */
export function validateInit(c: InitConfiguration, r: Reporter, tokensWithTtl: readonly boolean[]): void {
  const I = 'InitConfiguration';
  checkNodeRegistration(c.nodeRegistration, `${I}.nodeRegistration`, r);
  c.bootstrapTokens.forEach((bt, i) => checkBootstrapToken(bt, `${I}.bootstrapTokens[${i}]`, { ttl: tokensWithTtl[i] ?? false }, r));
  checkEndpoint(c.localAPIEndpoint, `${I}.localAPIEndpoint`, r);
  checkCertificateKey(c.certificateKey, `${I}.certificateKey`, r);
  checkDurations(c.timeouts, `${I}.timeouts`, r);
  if (c.patches && !isAbsolute(c.patches.directory)) r.add(`${I}.patches.directory`, 'must be an absolute path');
}

/** `certificatesDir` is the cluster's, from which caCertPath defaults. */
export function validateJoin(c: JoinConfiguration, r: Reporter, certificatesDir?: string): void {
  const J = 'JoinConfiguration';
  const d = c.discovery;
  checkNodeRegistration(c.nodeRegistration, `${J}.nodeRegistration`, r);
  if (!d.bootstrapToken && !d.file) r.add(`${J}.discovery`, 'bootstrapToken or file must be set (e.g. --token and --discovery-token-ca-cert-hash, or --discovery-file)');
  if (d.bootstrapToken && d.file) r.add(`${J}.discovery`, 'bootstrapToken and file cannot both be set');
  if (d.bootstrapToken) {
    const b = d.bootstrapToken;
    const p = `${J}.discovery.bootstrapToken`;
    checkToken(b.token, `${p}.token`, r);
    if (b.apiServerEndpoint === '') r.add(`${p}.apiServerEndpoint`, 'is required: the control plane endpoint as host:port (the argument of `join`)');
    else {
      const bad = checkHostPortRequired(b.apiServerEndpoint);
      if (bad) r.add(`${p}.apiServerEndpoint`, bad);
    }
    if (b.caCertHashes.length === 0 && !b.unsafeSkipCAVerification) {
      r.add(`${p}.caCertHashes`, 'using token-based discovery without caCertHashes can be unsafe: pass --discovery-token-ca-cert-hash sha256:<hash>, or set unsafeSkipCAVerification: true (--discovery-token-unsafe-skip-ca-verification)');
    }
    if (b.caCertHashes.length > 0 && b.unsafeSkipCAVerification) {
      r.add(`${p}.unsafeSkipCAVerification`, 'cannot be used together with caCertHashes: pinning the CA (--discovery-token-ca-cert-hash) is the safe way, so drop --discovery-token-unsafe-skip-ca-verification');
    }
    b.caCertHashes.forEach((h, i) => {
      if (!/^sha256:[0-9a-fA-F]{64}$/.test(h)) r.add(`${p}.caCertHashes[${i}]`, `${JSON.stringify(h)} is not a CA public key pin: expected sha256:<64 hex characters>`);
    });
    checkToken(d.tlsBootstrapToken, `${J}.discovery.tlsBootstrapToken`, r);
  }
  if (d.file) {
    const path = d.file.kubeConfigPath;
    if (path === '') r.add(`${J}.discovery.file.kubeConfigPath`, 'is required: a kubeconfig file path or an https:// URL');
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
      if (!path.toLowerCase().startsWith('https://')) r.add(`${J}.discovery.file.kubeConfigPath`, 'if a URL is used, the scheme must be https');
    } else if (!existsSync(path)) r.add(`${J}.discovery.file.kubeConfigPath`, `${JSON.stringify(path)} is not a valid HTTPS URL or a file on disk`);
    if (d.tlsBootstrapToken !== '') checkToken(d.tlsBootstrapToken, `${J}.discovery.tlsBootstrapToken`, r);
  }
  if (c.controlPlane) {
    checkEndpoint(c.controlPlane.localAPIEndpoint, `${J}.controlPlane.localAPIEndpoint`, r);
    checkCertificateKey(c.controlPlane.certificateKey, `${J}.controlPlane.certificateKey`, r);
  }
  // A caCertPath derived from certificatesDir (or --cert-dir) is wrong where that is: report it there.
  if (certificatesDir !== undefined && c.caCertPath === caCertPath({ certificatesDir })) {
    absolutePath(certificatesDir, 'ClusterConfiguration.certificatesDir', r, { example: '/etc/kubernetes/pki', writes: true });
  } else {
    const bad = checkAbsolutePath(c.caCertPath, { example: '/etc/kubernetes/pki/ca.crt', writes: true });
    if (bad) r.add(`${J}.caCertPath`, bad);
    else if (!c.caCertPath.endsWith('.crt')) r.add(`${J}.caCertPath`, `${JSON.stringify(c.caCertPath)} must be the path of a .crt file`);
  }
  checkDurations(c.timeouts, `${J}.timeouts`, r);
  if (c.patches && !isAbsolute(c.patches.directory)) r.add(`${J}.patches.directory`, 'must be an absolute path');
}
