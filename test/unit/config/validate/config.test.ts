import test from 'ava';
import type { ConfigFlags } from '../../../../src/config/flags/table.js';
import { V3, doc, issuesOf, load } from '../helpers.js';

const cluster = (body: string, v = '') => doc('ClusterConfiguration', body, v || undefined);
const init = (body: string) => doc('InitConfiguration', body);
const join = (body: string) => doc('JoinConfiguration', body);
const JOIN_OK = 'discovery:\n  bootstrapToken:\n    token: abcdef.0123456789abcdef\n    apiServerEndpoint: 192.0.2.1:6443\n';
const HASH = `sha256:${'a'.repeat(64)}`;

interface Case {
  yaml?: string;
  flags?: ConfigFlags;
  command?: 'init' | 'join' | 'validate';
  path: string;
  message: string | RegExp;
}

const rejects = test.macro({
  async exec(t, c: Case) {
    const issues = await issuesOf(t, c.yaml, { flags: c.flags, command: c.command });
    const matches = (m: string): boolean => (typeof c.message === 'string' ? m.includes(c.message) : c.message.test(m));
    const hit = issues.find((i) => i.path === c.path && matches(i.message));
    t.truthy(hit, `no issue at ${c.path} matching ${String(c.message)}; got ${JSON.stringify(issues)}`);
    if (c.yaml !== undefined && !c.path.startsWith('--')) t.regex(hit!.source ?? '', /cluster\.yaml:\d+$/);
  },
  title: (title, c: Case) => `${title ?? ''} rejects ${c.path}: ${String(c.message)}`.trim(),
});

// Schema: unknown fields and wrong types, with the full path.
test(rejects, { yaml: cluster('networking:\n  podSubnett: 10.244.0.0/16\n'), path: 'ClusterConfiguration.networking.podSubnett', message: 'did you mean "podSubnet"' });
test(rejects, { yaml: init('bootstrapTokens:\n- ttl: [1]\n'), path: 'InitConfiguration.bootstrapTokens[0].ttl', message: 'must be a string' });
test(rejects, { yaml: init('localAPIEndpoint:\n  bindPort: "6443"\n'), path: 'InitConfiguration.localAPIEndpoint.bindPort', message: 'must be a whole number' });
test(rejects, { yaml: cluster('featureGates:\n  EtcdLearnerMode: "yes please"\n'), path: 'ClusterConfiguration.featureGates.EtcdLearnerMode', message: 'true or false' });
test(rejects, { yaml: cluster('encryptionAlgorithm: RSA-2048\n', V3), path: 'ClusterConfiguration.encryptionAlgorithm', message: 'exists only in kubeadm.k8s.io/v1beta4' });
test(rejects, { yaml: init('timeouts:\n  discovery: 1m\n').replace('v1beta4', 'v1beta3'), path: 'InitConfiguration.timeouts', message: 'exists only in kubeadm.k8s.io/v1beta4' });
test(rejects, { yaml: cluster('apiServer:\n  timeoutForControlPlane: 4m\n'), path: 'ClusterConfiguration.apiServer.timeoutForControlPlane', message: 'use InitConfiguration.timeouts.controlPlaneComponentHealthCheck' });
test(rejects, { yaml: cluster('apiServer:\n  extraArgs:\n    v: "2"\n'), path: 'ClusterConfiguration.apiServer.extraArgs', message: 'must be a list' });

// Networking.
test(rejects, { yaml: cluster('networking:\n  podSubnet: 10.244.0.0/33\n'), path: 'ClusterConfiguration.networking.podSubnet', message: 'is not a valid CIDR' });
test(rejects, { yaml: cluster('networking:\n  podSubnet: 10.96.0.0/16\n'), path: 'ClusterConfiguration.networking.podSubnet', message: 'overlaps the service subnet 10.96.0.0/12' });
test(rejects, { yaml: cluster('networking:\n  serviceSubnet: 10.96.0.0/29\n'), path: 'ClusterConfiguration.networking.serviceSubnet', message: 'is too small, the minimum is 10' });
test(rejects, { yaml: cluster('networking:\n  serviceSubnet: 10.0.0.0/8\n'), path: 'ClusterConfiguration.networking.serviceSubnet', message: 'too large; for 32-bit addresses, the mask must be >= 12' });
test(rejects, { yaml: cluster('networking:\n  serviceSubnet: fd00::/64\n'), path: 'ClusterConfiguration.networking.serviceSubnet', message: 'the mask must be >= 108' });
test(rejects, { yaml: cluster('networking:\n  serviceSubnet: 10.96.0.0/12,10.97.0.0/16\n'), path: 'ClusterConfiguration.networking.serviceSubnet', message: 'one of each family' });
test(rejects, { yaml: cluster('networking:\n  podSubnet: 10.244.0.0/26\n'), path: 'ClusterConfiguration.networking.podSubnet', message: 'smaller than the size of node subnet with mask 24' });
test(rejects, { yaml: cluster('networking:\n  podSubnet: 172.0.0.0/7\n'), path: 'ClusterConfiguration.networking.podSubnet', message: 'difference is greater than 16' });
test(rejects, { yaml: cluster('networking:\n  dnsDomain: Cluster.Local\n'), path: 'ClusterConfiguration.networking.dnsDomain', message: 'RFC 1123' });

// Endpoints, names, SANs.
test(rejects, { yaml: cluster('controlPlaneEndpoint: "lb.example.com:0"\n'), path: 'ClusterConfiguration.controlPlaneEndpoint', message: 'use 1–65535' });
test(rejects, { yaml: cluster('controlPlaneEndpoint: "lb_example:6443"\n'), path: 'ClusterConfiguration.controlPlaneEndpoint', message: 'not a valid endpoint' });
test(rejects, { yaml: cluster('apiServer:\n  certSANs: ["ok.example.com", "not a name"]\n'), path: 'ClusterConfiguration.apiServer.certSANs[1]', message: 'not a valid IP address, DNS name or wildcard' });
test(rejects, { yaml: init('nodeRegistration:\n  name: Node_1\n'), path: 'InitConfiguration.nodeRegistration.name', message: 'must be lower case' });
test(rejects, { yaml: init('nodeRegistration:\n  name: node_1\n'), path: 'InitConfiguration.nodeRegistration.name', message: 'RFC 1123' });
test(rejects, { yaml: init('localAPIEndpoint:\n  advertiseAddress: 10.0.0.300\n'), path: 'InitConfiguration.localAPIEndpoint.advertiseAddress', message: 'is not a valid IP address' });
test(rejects, { yaml: init('localAPIEndpoint:\n  bindPort: 70000\n'), path: 'InitConfiguration.localAPIEndpoint.bindPort', message: 'use 1–65535' });
test(rejects, { yaml: cluster('kubernetesVersion: v1.20.0\n'), path: 'ClusterConfiguration.kubernetesVersion', message: 'is not supported' });
test(rejects, { yaml: cluster('kubernetesVersion: latest-ish\n'), path: 'ClusterConfiguration.kubernetesVersion', message: 'is not a Kubernetes version' });
test(rejects, { yaml: cluster('imageRepository: "Registry Example/k8s"\n'), path: 'ClusterConfiguration.imageRepository', message: 'not a valid image repository' });
test(rejects, { yaml: cluster('imageRepository: "registry.example.com/k8s\\nx"\n'), path: 'ClusterConfiguration.imageRepository', message: 'contains a newline' });
test(rejects, { yaml: init('nodeRegistration:\n  kubeletExtraArgs:\n  - name: node-labels\n    value: "a=b\\tc"\n'), path: 'InitConfiguration.nodeRegistration.kubeletExtraArgs[0].value', message: 'contains a tab' });

// Tokens and keys (values are secret and never echoed).
test(rejects, { yaml: init('bootstrapTokens:\n- token: ABCDEF.0123456789abcdef\n'), path: 'InitConfiguration.bootstrapTokens[0].token', message: 'is not a valid bootstrap token' });
test(rejects, { yaml: init('bootstrapTokens:\n- ttl: 1 day\n'), path: 'InitConfiguration.bootstrapTokens[0].ttl', message: 'is not a duration' });
test(rejects, { yaml: init('bootstrapTokens:\n- ttl: -1h\n'), path: 'InitConfiguration.bootstrapTokens[0].ttl', message: 'must not be negative' });
test(rejects, { yaml: init('bootstrapTokens:\n- expires: tomorrow\n'), path: 'InitConfiguration.bootstrapTokens[0].expires', message: 'RFC 3339' });
test(rejects, { yaml: init('bootstrapTokens:\n- ttl: 1h\n  expires: "2030-01-02T15:04:05Z"\n'), path: 'InitConfiguration.bootstrapTokens[0]', message: 'mutually exclusive' });
test(rejects, { yaml: init('bootstrapTokens:\n- usages: [signing, login]\n'), path: 'InitConfiguration.bootstrapTokens[0].usages', message: 'invalid bootstrap token usage string: login' });
test(rejects, { yaml: init('bootstrapTokens:\n- groups: [system:bootstrappers:Foo]\n'), path: 'InitConfiguration.bootstrapTokens[0].groups[0]', message: 'is invalid (must match' });
test(rejects, { yaml: init('bootstrapTokens:\n- usages: [signing]\n  groups: [system:bootstrappers:x]\n'), path: 'InitConfiguration.bootstrapTokens[0].groups', message: 'unless usages includes "authentication"' });
test(rejects, { yaml: init('certificateKey: abc123\n'), path: 'InitConfiguration.certificateKey', message: '64 hexadecimal characters' });

// Periods, algorithms, timeouts.
test(rejects, { yaml: cluster('certificateValidityPeriod: 0s\n'), path: 'ClusterConfiguration.certificateValidityPeriod', message: 'greater than zero' });
test(rejects, { yaml: cluster('caCertificateValidityPeriod: ten years\n'), path: 'ClusterConfiguration.caCertificateValidityPeriod', message: 'is not a duration' });
test(rejects, { yaml: cluster('encryptionAlgorithm: RSA-1024\n'), path: 'ClusterConfiguration.encryptionAlgorithm', message: 'use one of RSA-2048, RSA-3072, RSA-4096' });
test(rejects, { yaml: cluster('encryptionAlgorithm: ECDSA-P521\n'), path: 'ClusterConfiguration.encryptionAlgorithm', message: 'use one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384' });
test(rejects, { yaml: cluster('encryptionAlgorithm: ecdsa-p256\n'), path: 'ClusterConfiguration.encryptionAlgorithm', message: '"ecdsa-p256" is not a known algorithm' });
test(rejects, { yaml: init('timeouts:\n  kubeletHealthCheck: 0s\n'), path: 'InitConfiguration.timeouts.kubeletHealthCheck', message: 'greater than zero' });
test(rejects, { yaml: cluster('featureGates:\n  NoSuchGate: true\n'), path: 'ClusterConfiguration.featureGates.NoSuchGate', message: 'not a valid kubeadm feature gate' });

// etcd.
test(rejects, { yaml: cluster('etcd:\n  local: {}\n  external:\n    endpoints: [http://e:2379]\n'), path: 'ClusterConfiguration.etcd', message: 'mutually exclusive' });
test(rejects, { yaml: cluster('etcd:\n  external:\n    endpoints: [e1:2379]\n'), path: 'ClusterConfiguration.etcd.external.endpoints[0]', message: 'must use https://' });
test(rejects, { yaml: cluster('etcd:\n  external:\n    endpoints: [https://e1:2379]\n'), path: 'ClusterConfiguration.etcd.external.endpoints[0]', message: 'set caFile, certFile and keyFile' });
test(rejects, { yaml: cluster('etcd:\n  external:\n    endpoints: [https://e1:2379]\n    certFile: /a.crt\n'), path: 'ClusterConfiguration.etcd.external', message: 'both or none of certFile and keyFile' });
test(rejects, { yaml: cluster('etcd:\n  external:\n    endpoints: []\n'), path: 'ClusterConfiguration.etcd.external.endpoints', message: 'at least one etcd endpoint' });
test(rejects, { yaml: cluster('etcd:\n  local:\n    extraArgs:\n    - name: ""\n      value: x\n'), path: 'ClusterConfiguration.etcd.local.extraArgs[0].name', message: 'argument has no name' });

// Components, volumes, registration.
test(rejects, { yaml: cluster('scheduler:\n  extraVolumes:\n  - name: conf\n    hostPath: etc/conf\n    mountPath: /etc/conf\n'), path: 'ClusterConfiguration.scheduler.extraVolumes[0].hostPath', message: 'must be an absolute path' });
test(rejects, { yaml: cluster('apiServer:\n  extraVolumes:\n  - name: Audit\n    hostPath: /a\n    mountPath: /a\n'), path: 'ClusterConfiguration.apiServer.extraVolumes[0].name', message: 'not a valid volume name' });
test(rejects, { yaml: cluster('apiServer:\n  extraVolumes:\n  - name: a\n    hostPath: /a\n    mountPath: /a\n    pathType: Folder\n'), path: 'ClusterConfiguration.apiServer.extraVolumes[0].pathType', message: 'use one of DirectoryOrCreate' });
test(rejects, { yaml: cluster('controllerManager:\n  extraArgs:\n  - name: --bind-address\n    value: 0.0.0.0\n'), path: 'ClusterConfiguration.controllerManager.extraArgs[0].name', message: 'without leading dashes' });
test(rejects, { yaml: init('nodeRegistration:\n  taints:\n  - key: a\n    effect: NoWay\n'), path: 'InitConfiguration.nodeRegistration.taints[0].effect', message: 'use one of NoSchedule, PreferNoSchedule, NoExecute' });
test(rejects, { yaml: init('nodeRegistration:\n  imagePullPolicy: Sometimes\n'), path: 'InitConfiguration.nodeRegistration.imagePullPolicy', message: 'use one of Always, IfNotPresent, Never' });
test(rejects, { yaml: init('nodeRegistration:\n  criSocket: tcp://127.0.0.1:5000\n'), path: 'InitConfiguration.nodeRegistration.criSocket', message: 'only the URL scheme "unix"' });
test(rejects, { yaml: init('nodeRegistration:\n  ignorePreflightErrors: [all, Swap]\n'), path: 'InitConfiguration.nodeRegistration.ignorePreflightErrors', message: "'all'" });

// Paths kubeadm requires to be absolute (ValidateAbsolutePath): never resolved against the working directory.
const ETCD_TLS = 'etcd:\n  external:\n    endpoints: [https://e1:2379]\n    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/c.crt\n    keyFile: /etc/etcd/c.key\n';
test(rejects, { yaml: cluster('certificatesDir: relpki\n'), path: 'ClusterConfiguration.certificatesDir', message: '"relpki" must be an absolute path' });
test(rejects, { yaml: cluster('certificatesDir: ./out/pki\n'), path: 'ClusterConfiguration.certificatesDir', message: 'not resolved against the working directory' });
test(rejects, { yaml: cluster('etcd:\n  local:\n    dataDir: reldata\n'), path: 'ClusterConfiguration.etcd.local.dataDir', message: '"reldata" must be an absolute path' });
for (const f of ['caFile', 'certFile', 'keyFile']) {
  test(rejects, { yaml: cluster(ETCD_TLS.replace(new RegExp(`${f}: /etc/etcd/`), `${f}: etcd/`)), path: `ClusterConfiguration.etcd.external.${f}`, message: 'must be an absolute path' });
}
test(rejects, { yaml: cluster('apiServer:\n  extraVolumes:\n  - name: audit\n    hostPath: /var/log/audit\n    mountPath: audit\n'), path: 'ClusterConfiguration.apiServer.extraVolumes[0].mountPath', message: 'must be an absolute path' });
test(rejects, { command: 'join', yaml: join(`${JOIN_OK}    caCertHashes: ["${HASH}"]\ncaCertPath: pki/ca.crt\n`), path: 'JoinConfiguration.caCertPath', message: '"pki/ca.crt" must be an absolute path' });
test(rejects, { flags: { certDir: 'rel' }, path: '--cert-dir', message: '"rel" must be an absolute path' });
// Directories this tool creates cannot live in kernel filesystems (mkdir -p never ends there).
test(rejects, { yaml: cluster('certificatesDir: /proc/pki\n'), path: 'ClusterConfiguration.certificatesDir', message: 'is under /proc, a kernel filesystem' });
test(rejects, { yaml: cluster('etcd:\n  local:\n    dataDir: /sys/../sys/etcd\n'), path: 'ClusterConfiguration.etcd.local.dataDir', message: 'is under /sys, a kernel filesystem' });

test('a caCertPath derived from a relative certificatesDir is reported once, at certificatesDir (or --cert-dir)', async (t) => {
  const yaml = [cluster('certificatesDir: relpki\n'), join(`${JOIN_OK}    unsafeSkipCAVerification: true\n`)].join('---\n');
  for (const command of ['join', 'validate'] as const) {
    const issues = await issuesOf(t, yaml, { command });
    t.deepEqual(issues.map((i) => i.path), ['ClusterConfiguration.certificatesDir'], command);
  }
  const flags = { apiServerEndpoint: '192.0.2.1:6443', token: 'abcdef.0123456789abcdef', discoveryTokenUnsafeSkipCaVerification: true, certDir: 'rel' };
  const issues = await issuesOf(t, undefined, { command: 'join', flags });
  t.deepEqual(issues.map((i) => [i.path, i.message.slice(0, 30)]), [['--cert-dir', '"rel" must be an absolute path']]);
});

test('absolute paths pass; /proc and /sys are fine where they are only mounted or read', async (t) => {
  const { config } = await load(
    cluster(`certificatesDir: /srv/k8s/pki\n${ETCD_TLS}apiServer:\n  extraVolumes:\n  - name: sys\n    hostPath: /sys/fs/cgroup\n    mountPath: /sys/fs/cgroup\n`),
  );
  t.is(config.cluster.certificatesDir, '/srv/k8s/pki');
  t.is(config.cluster.etcd.external?.caFile, '/etc/etcd/ca.crt');
  t.is(config.cluster.apiServer.extraVolumes[0]?.hostPath, '/sys/fs/cgroup');
});

// Join discovery.
test(rejects, { command: 'join', yaml: join('caCertPath: /etc/kubernetes/pki/ca.crt\n'), path: 'JoinConfiguration.discovery', message: 'bootstrapToken or file must be set' });
test(rejects, { command: 'join', yaml: join(`${JOIN_OK}  file:\n    kubeConfigPath: https://example.com/c\n`), path: 'JoinConfiguration.discovery', message: 'cannot both be set' });
test(rejects, { command: 'join', yaml: join('discovery:\n  bootstrapToken:\n    token: abcdef.0123456789abcdef\n    unsafeSkipCAVerification: true\n'), path: 'JoinConfiguration.discovery.bootstrapToken.apiServerEndpoint', message: 'is required' });
test(rejects, { command: 'join', yaml: join(JOIN_OK), path: 'JoinConfiguration.discovery.bootstrapToken.caCertHashes', message: 'without caCertHashes can be unsafe' });
test(rejects, { command: 'join', yaml: join(`${JOIN_OK}    caCertHashes: ["sha256:abc"]\n`), path: 'JoinConfiguration.discovery.bootstrapToken.caCertHashes[0]', message: 'sha256:<64 hex characters>' });
test(rejects, { command: 'join', yaml: join(`${JOIN_OK.replace('192.0.2.1:6443', '192.0.2.1')}    unsafeSkipCAVerification: true\n`), path: 'JoinConfiguration.discovery.bootstrapToken.apiServerEndpoint', message: 'is not host:port' });
test(rejects, { command: 'join', yaml: join(`${JOIN_OK}    caCertHashes: ["${HASH}"]\ncaCertPath: /etc/kubernetes/pki/ca.pem\n`), path: 'JoinConfiguration.caCertPath', message: 'must be the path of a .crt file' });
test(rejects, { command: 'join', yaml: join('discovery:\n  file:\n    kubeConfigPath: http://example.com/c\n'), path: 'JoinConfiguration.discovery.file.kubeConfigPath', message: 'scheme must be https' });
test(rejects, { command: 'join', yaml: join(`${JOIN_OK}    caCertHashes: ["${HASH}"]\ncontrolPlane:\n  certificateKey: "xyz"\n`), path: 'JoinConfiguration.controlPlane.certificateKey', message: '64 hexadecimal' });

test('every problem is reported at once, each with its line', async (t) => {
  const yaml = cluster('networking:\n  podSubnet: nope\n  dnsDomain: "-bad"\nimageRepository: "bad repo"\nkubernetesVersion: v9.9.9\n');
  const issues = await issuesOf(t, yaml);
  t.deepEqual(
    issues.map((i) => [i.path, i.source?.replace(/^.*:/, '')]),
    [
      ['ClusterConfiguration.networking.dnsDomain', '5'],
      ['ClusterConfiguration.networking.podSubnet', '4'],
      ['ClusterConfiguration.kubernetesVersion', '7'],
      ['ClusterConfiguration.imageRepository', '6'],
    ],
  );
});

test('token values never appear in messages', async (t) => {
  const secret = 'abcdef.0123456789ABCDEF';
  const issues = await issuesOf(t, init(`bootstrapTokens:\n- token: ${secret}\n`));
  t.false(JSON.stringify(issues).includes('0123456789'));
});

test('no advertise address can be found: the error says which flag or field to set', async (t) => {
  const issues = await issuesOf(t, undefined, { env: { detectAddress: async () => undefined } });
  const hit = issues.find((i) => i.path === 'InitConfiguration.localAPIEndpoint.advertiseAddress');
  t.regex(hit?.message ?? '', /set --apiserver-advertise-address or localAPIEndpoint\.advertiseAddress/);
});

test('certificateValidityPeriod longer than the CA period is a warning, not an error', async (t) => {
  const { config, warnings } = await load(cluster('certificateValidityPeriod: 100000h\ncaCertificateValidityPeriod: 87600h\n'));
  t.is(config.cluster.certificateValidityPeriod.text, '100000h0m0s');
  t.regex(warnings, /WARNING: certificateValidityPeriod: the value 100000h0m0s is more than the caCertificateValidityPeriod 87600h0m0s/);
});

test('valid dual-stack networking and a bracketed IPv6 endpoint pass', async (t) => {
  const { config } = await load(
    cluster('controlPlaneEndpoint: "[2001:db8::10]:6443"\nnetworking:\n  podSubnet: 10.244.0.0/16,fd00:10:244::/56\n  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112\napiServer:\n  certSANs: ["*.example.com", "2001:db8::10"]\n'),
  );
  t.is(config.cluster.networking.podSubnet, '10.244.0.0/16,fd00:10:244::/56');
});

test('a token of the wrong type is not echoed either', async (t) => {
  const issues = await issuesOf(t, init('bootstrapTokens:\n- token: 123456\n'));
  const hit = issues.find((i) => i.path === 'InitConfiguration.bootstrapTokens[0].token');
  t.is(hit?.message, 'must be a string (quote values such as "1.30" or "true"), got a number');
});

for (const algorithm of ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256', 'ECDSA-P384'] as const) {
  test(`accepts encryptionAlgorithm ${algorithm} (kubeadm v1beta4)`, async (t) => {
    const { config } = await load(cluster(`encryptionAlgorithm: ${algorithm}\n`));
    t.is(config.cluster.encryptionAlgorithm, algorithm);
  });
}

// Hardening: each of these once passed validation and then wrote part of a tree before failing (or exited 0).
test('bracketed IPv6 endpoint without a port', rejects, { yaml: cluster('controlPlaneEndpoint: "[::1]"\n'), path: 'ClusterConfiguration.controlPlaneEndpoint', message: 'brackets go with a port' });
test('CA validity beyond Go durations', rejects, { yaml: cluster('caCertificateValidityPeriod: 70000000h\n'), path: 'ClusterConfiguration.caCertificateValidityPeriod', message: 'beyond the largest duration' });
test('leaf validity beyond year 9999', rejects, { yaml: cluster('certificateValidityPeriod: 80000000h\ncaCertificateValidityPeriod: 80000000h\n'), path: 'ClusterConfiguration.certificateValidityPeriod', message: 'beyond the largest duration' });
test('leaf validity of 1ns', rejects, { yaml: cluster('certificateValidityPeriod: 1ns\n'), path: 'ClusterConfiguration.certificateValidityPeriod', message: 'shorter than a minute' });
test('leaf validity of 59s', rejects, { yaml: cluster('certificateValidityPeriod: 59s\n'), path: 'ClusterConfiguration.certificateValidityPeriod', message: 'shorter than a minute' });
test('CA validity of 30s', rejects, { yaml: cluster('caCertificateValidityPeriod: 30s\n'), path: 'ClusterConfiguration.caCertificateValidityPeriod', message: 'shorter than a minute' });
test('IPv6 zone in advertiseAddress', rejects, { yaml: init('localAPIEndpoint: {advertiseAddress: "fe80::1%eth0"}\n'), path: 'InitConfiguration.localAPIEndpoint.advertiseAddress', message: 'has an IPv6 zone (%eth0)' });
test('IPv6 zone in certSANs', rejects, { yaml: cluster('apiServer: {certSANs: ["fe80::1%eth0"]}\n'), path: 'ClusterConfiguration.apiServer.certSANs[0]', message: 'has an IPv6 zone' });
test('a 4 MiB-ish clusterName', rejects, { yaml: cluster(`clusterName: ${'c'.repeat(300)}\n`), path: 'ClusterConfiguration.clusterName', message: 'at most 253' });
test('too many certSANs', rejects, { yaml: cluster(`apiServer: {certSANs: [${Array.from({ length: 300 }, (_, i) => `s${i}.example.com`).join(', ')}]}\n`), path: 'ClusterConfiguration.apiServer.certSANs', message: 'at most 256' });
test('kubeletExtraArgs value with a space', rejects, { yaml: init('nodeRegistration: {kubeletExtraArgs: [{name: node-labels, value: "a=b c=d"}]}\n'), path: 'InitConfiguration.nodeRegistration.kubeletExtraArgs[0].value', message: 'contains whitespace' });
test('constructor as a field name', rejects, { yaml: cluster('constructor: 1\n'), path: 'ClusterConfiguration.constructor', message: 'unknown field "constructor"' });
test('toString as a field name', rejects, { yaml: cluster('networking: {toString: x}\n'), path: 'ClusterConfiguration.networking.toString', message: 'unknown field "toString"' });
test('hasOwnProperty as a field name', rejects, { yaml: init('hasOwnProperty: x\n'), path: 'InitConfiguration.hasOwnProperty', message: 'unknown field "hasOwnProperty"' });
test('__proto__ as a field name', rejects, { yaml: cluster('__proto__: {clusterName: x}\n'), path: 'ClusterConfiguration.__proto__', message: 'unknown field "__proto__"' });
test('__proto__ as a map key', rejects, { yaml: cluster('featureGates: {__proto__: true}\n'), path: 'ClusterConfiguration.featureGates.__proto__', message: 'not allowed as a key' });

test('a one-minute leaf validity and 292 years of CA are accepted', async (t) => {
  const { config } = await load(cluster('certificateValidityPeriod: 1m\ncaCertificateValidityPeriod: 2562047h\n'));
  t.is(config.cluster.certificateValidityPeriod.ms, 60_000);
});
