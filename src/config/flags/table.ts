/**
 * Every command-line flag, declared once: how it is typed (its yargs form), the config field it
 * sets for `init` and for `join`, and whether kubeadm accepts it together with --config. The CLI
 * builds each command's and each phase's options from this table, and the config pipeline writes the
 * values into the documents through it. Names and meanings are kubeadm's; minikubeadm adds
 * --kubernetes-dir, --kubelet-dir, --templates-dir and --fix-permissions.
 */
export type FlagTarget = readonly [kind: 'InitConfiguration' | 'ClusterConfiguration' | 'JoinConfiguration', path: string];

export interface FlagSpec {
  /** As typed, without the dashes. */
  readonly name: string;
  /** `list` flags may be repeated and split on commas. */
  readonly type: 'string' | 'boolean' | 'list';
  readonly describe: string;
  readonly default?: string;
  readonly alias?: string;
  readonly choices?: readonly string[];
  /** The field the flag sets during `init` (InitConfiguration / ClusterConfiguration). */
  readonly init?: FlagTarget;
  /** The field the flag sets during `join`. */
  readonly join?: FlagTarget;
  /** The value reaches the config pipeline (it sets a field or is merged with one). */
  readonly config?: true;
  /** kubeadm accepts the flag together with --config (ValidateMixedArguments' exceptions). */
  readonly withConfig?: true;
}

export const FLAGS = {
  config: { name: 'config', type: 'string', describe: 'Path to a kubeadm configuration file (InitConfiguration, ClusterConfiguration, …)' },
  kubernetesDir: { name: 'kubernetes-dir', type: 'string', describe: 'Root for pki/, *.conf and manifests/', default: '/etc/kubernetes' },
  kubeletDir: { name: 'kubelet-dir', type: 'string', describe: 'Where the kubelet configuration is written', default: '/var/lib/kubelet' },
  kubeconfigDir: { name: 'kubeconfig-dir', type: 'string', describe: 'The path where to save the kubeconfig files (default <kubernetes-dir>)' },
  templatesDir: { name: 'templates-dir', type: 'string', describe: 'Directory with your own copies of the Handlebars templates, overriding the built-in ones' },
  dryRun: { name: 'dry-run', type: 'boolean', describe: "Don't apply any changes; just output what would be done" },
  // Kept as typed (not type number, which turns "abc" into NaN) and checked where it is read.
  v: { name: 'v', type: 'string', alias: 'verbosity', describe: 'Log level for detail (0–10, default 0)' },
  output: { name: 'output', type: 'string', alias: 'o', choices: ['text', 'json', 'yaml'], describe: 'Output format where a phase reports data' },
  apiserverAdvertiseAddress: {
    name: 'apiserver-advertise-address',
    type: 'string',
    describe: 'The IP address the API Server will advertise it is listening on',
    config: true,
    init: ['InitConfiguration', 'localAPIEndpoint.advertiseAddress'],
    join: ['JoinConfiguration', 'controlPlane.localAPIEndpoint.advertiseAddress'],
  },
  // A string so that a bad value is echoed as typed; converted and checked by the config flags layer.
  apiserverBindPort: {
    name: 'apiserver-bind-port',
    type: 'string',
    describe: 'Port for the API Server to bind to (default 6443)',
    config: true,
    init: ['InitConfiguration', 'localAPIEndpoint.bindPort'],
    join: ['JoinConfiguration', 'controlPlane.localAPIEndpoint.bindPort'],
  },
  apiserverCertExtraSans: {
    name: 'apiserver-cert-extra-sans',
    type: 'list',
    describe: 'Extra Subject Alternative Names for the API Server serving certificate (IPs or DNS names)',
    config: true,
    init: ['ClusterConfiguration', 'apiServer.certSANs'],
  },
  certDir: {
    name: 'cert-dir',
    type: 'string',
    describe: 'The path where to save and store the certificates (default <kubernetes-dir>/pki)',
    config: true,
    init: ['ClusterConfiguration', 'certificatesDir'],
    join: ['ClusterConfiguration', 'certificatesDir'],
  },
  controlPlaneEndpoint: {
    name: 'control-plane-endpoint',
    type: 'string',
    describe: 'A stable IP address or DNS name (with optional port) for the control plane',
    config: true,
    init: ['ClusterConfiguration', 'controlPlaneEndpoint'],
  },
  criSocket: {
    name: 'cri-socket',
    type: 'string',
    describe: 'Path to the CRI socket to connect to',
    config: true,
    init: ['InitConfiguration', 'nodeRegistration.criSocket'],
    join: ['JoinConfiguration', 'nodeRegistration.criSocket'],
  },
  imageRepository: {
    name: 'image-repository',
    type: 'string',
    describe: 'Container registry to pull control plane images from',
    config: true,
    init: ['ClusterConfiguration', 'imageRepository'],
  },
  kubernetesVersion: {
    name: 'kubernetes-version',
    type: 'string',
    describe: 'Kubernetes version for the control plane',
    config: true,
    init: ['ClusterConfiguration', 'kubernetesVersion'],
  },
  nodeName: {
    name: 'node-name',
    type: 'string',
    describe: 'The node name',
    config: true,
    withConfig: true,
    init: ['InitConfiguration', 'nodeRegistration.name'],
    join: ['JoinConfiguration', 'nodeRegistration.name'],
  },
  podNetworkCidr: {
    name: 'pod-network-cidr',
    type: 'string',
    describe: 'Range of IP addresses for the pod network',
    config: true,
    init: ['ClusterConfiguration', 'networking.podSubnet'],
  },
  serviceCidr: {
    name: 'service-cidr',
    type: 'string',
    describe: 'Range of IP addresses for service VIPs (default 10.96.0.0/12)',
    config: true,
    init: ['ClusterConfiguration', 'networking.serviceSubnet'],
  },
  serviceDnsDomain: {
    name: 'service-dns-domain',
    type: 'string',
    describe: 'Alternative domain for services (default cluster.local)',
    config: true,
    init: ['ClusterConfiguration', 'networking.dnsDomain'],
  },
  skipPhases: { name: 'skip-phases', type: 'list', describe: 'Phases to skip, comma separated (e.g. addons/kube-proxy,mark-master)', config: true, withConfig: true },
  ignorePreflightErrors: {
    name: 'ignore-preflight-errors',
    type: 'list',
    describe: "Checks whose errors become warnings, e.g. 'IsPrivilegedUser,Swap'; 'all' ignores all",
    config: true,
    withConfig: true,
  },
  token: {
    name: 'token',
    type: 'string',
    describe: 'The bootstrap token to use (format [a-z0-9]{6}.[a-z0-9]{16})',
    config: true,
    init: ['InitConfiguration', 'bootstrapTokens[0].token'],
  },
  tokenTtl: {
    name: 'token-ttl',
    type: 'string',
    describe: "Duration before the token is deleted (e.g. 1s, 2m, 3h); '0' means never",
    config: true,
    init: ['InitConfiguration', 'bootstrapTokens[0].ttl'],
  },
  // minikubeadm's own: kubeadm only ever reports (or ignores) these modes.
  fixPermissions: {
    name: 'fix-permissions',
    type: 'boolean',
    describe: 'Make existing private keys and kubeconfigs readable only by their owner (0600) and certificate directories writable only by their owner, instead of only reporting them',
  },
  uploadCerts: { name: 'upload-certs', type: 'boolean', describe: 'Upload control-plane certificates to the kubeadm-certs Secret' },
  certificateKey: {
    name: 'certificate-key',
    type: 'string',
    describe: 'Key used to encrypt the control-plane certificates in the kubeadm-certs Secret (64 hex characters)',
    config: true,
    init: ['InitConfiguration', 'certificateKey'],
    join: ['JoinConfiguration', 'controlPlane.certificateKey'],
  },
  skipTokenPrint: { name: 'skip-token-print', type: 'boolean', describe: 'Skip printing of the default bootstrap token' },
  skipCertificateKeyPrint: { name: 'skip-certificate-key-print', type: 'boolean', describe: "Don't print the key used to encrypt the control-plane certificates" },
  componentConfigs: {
    name: 'component-configs',
    type: 'list',
    describe: 'Also print the defaults of these component configs: KubeletConfiguration, KubeProxyConfiguration (comma separated)',
  },
  discoveryToken: {
    name: 'discovery-token',
    type: 'string',
    describe: 'The token to validate cluster information fetched from the API server',
    config: true,
    join: ['JoinConfiguration', 'discovery.bootstrapToken.token'],
  },
  discoveryTokenCaCertHash: {
    name: 'discovery-token-ca-cert-hash',
    type: 'list',
    describe: 'For token-based discovery, the public key pin of the cluster CA (sha256:<hex>); may be repeated',
    config: true,
    join: ['JoinConfiguration', 'discovery.bootstrapToken.caCertHashes'],
  },
  discoveryTokenUnsafeSkipCaVerification: {
    name: 'discovery-token-unsafe-skip-ca-verification',
    type: 'boolean',
    describe: 'For token-based discovery, allow joining without pinning the cluster CA',
    config: true,
    join: ['JoinConfiguration', 'discovery.bootstrapToken.unsafeSkipCAVerification'],
  },
  discoveryFile: {
    name: 'discovery-file',
    type: 'string',
    describe: 'For file-based discovery, a kubeconfig file or https:// URL with the cluster information',
    config: true,
    join: ['JoinConfiguration', 'discovery.file.kubeConfigPath'],
  },
  tlsBootstrapToken: {
    name: 'tls-bootstrap-token',
    type: 'string',
    describe: 'The token the kubelet uses to authenticate with the control plane during its TLS bootstrap',
    config: true,
    join: ['JoinConfiguration', 'discovery.tlsBootstrapToken'],
  },
  controlPlane: { name: 'control-plane', type: 'boolean', describe: 'Create a new control plane instance on this node', config: true },
  // Day-2 commands (token, certs, kubeconfig user, reset, config images/migrate, version).
  kubeconfig: { name: 'kubeconfig', type: 'string', describe: 'The kubeconfig file to use when talking to the cluster (default <kubeconfig-dir>/admin.conf)' },
  ttl: { name: 'ttl', type: 'string', describe: "The duration before the token is automatically deleted (e.g. 1s, 2m, 3h). If set to '0', the token will never expire (default 24h0m0s)" },
  usages: {
    name: 'usages',
    type: 'list',
    describe: 'Describes the ways in which this token can be used; repeat the flag or give a comma separated list. Valid options: [signing,authentication] (default signing,authentication)',
  },
  groups: {
    name: 'groups',
    type: 'list',
    describe: 'Extra groups that this token will authenticate as when used for authentication. Must match "\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z" (default system:bootstrappers:kubeadm:default-node-token)',
  },
  description: { name: 'description', type: 'string', describe: 'A human friendly description of how this token is used' },
  printJoinCommand: { name: 'print-join-command', type: 'boolean', describe: "Instead of printing only the token, print the full 'minikubeadm join' command needed to join the cluster using the token" },
  force: { name: 'force', type: 'boolean', alias: 'f', describe: 'Reset the node without prompting for confirmation' },
  cleanupTmpDir: { name: 'cleanup-tmp-dir', type: 'boolean', describe: 'Cleanup the "<kubernetes-dir>/tmp" directory' },
  validityPeriod: { name: 'validity-period', type: 'string', describe: 'The validity period of the certificate, an offset from the current time (e.g. 8760h)' },
  clientName: { name: 'client-name', type: 'string', describe: 'The name of user. It will be used as the CN if client certificates are created' },
  org: { name: 'org', type: 'list', describe: 'The organizations of the client certificate. It will be used as the O if client certificates are created' },
  warnWithin: {
    name: 'warn-within',
    type: 'string',
    describe: 'Exit with code 2 when a certificate expires within this duration (e.g. 720h), 3 when one has expired: for cron and monitoring',
  },
  oldConfig: { name: 'old-config', type: 'string', describe: 'Path to the kubeadm config file that is using an old API version and should be converted. This flag is mandatory' },
  newConfig: { name: 'new-config', type: 'string', describe: 'Path to the resulting equivalent kubeadm config file using the new API version. Optional, if not specified output will be sent to STDOUT' },
  versionOutput: { name: 'output', type: 'string', alias: 'o', choices: ['text', 'json', 'yaml', 'short'], describe: "Output format; available options are 'text', 'json', 'yaml' and 'short'" },
} as const satisfies Record<string, FlagSpec>;

export type FlagKey = keyof typeof FLAGS;

type ValueOf<S> = S extends { type: 'list' } ? string[] : S extends { type: 'boolean' } ? boolean : string;
type ConfigFlagKey = { [K in FlagKey]: (typeof FLAGS)[K] extends { config: true } ? K : never }[FlagKey];

/** The flags that reach the config pipeline, as typed (a flag value wins over the file). */
export type ConfigFlags = { [K in ConfigFlagKey]?: ValueOf<(typeof FLAGS)[K]> } & {
  /** The positional API server endpoint of `join`. */
  apiServerEndpoint?: string;
};

export type ConfigFlagName = keyof ConfigFlags;
