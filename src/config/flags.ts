/** kubeadm's command-line flags that map onto the configuration (flag value wins over the file). */
export interface ConfigFlags {
  apiserverAdvertiseAddress?: string;
  /** As typed: converted (and checked) when applied, so an error can echo the text. */
  apiserverBindPort?: string;
  controlPlaneEndpoint?: string;
  podNetworkCidr?: string;
  serviceCidr?: string;
  serviceDnsDomain?: string;
  kubernetesVersion?: string;
  nodeName?: string;
  certDir?: string;
  imageRepository?: string;
  apiserverCertExtraSans?: string[];
  criSocket?: string;
  token?: string;
  tokenTtl?: string;
  certificateKey?: string;
  ignorePreflightErrors?: string[];
  skipPhases?: string[];
  /** join only */
  discoveryToken?: string;
  discoveryTokenCaCertHash?: string[];
  discoveryTokenUnsafeSkipCaVerification?: boolean;
  discoveryFile?: string;
  tlsBootstrapToken?: string;
  controlPlane?: boolean;
  /** the positional API server endpoint of `join` */
  apiServerEndpoint?: string;
}

/** Which kubeadm flag sets which config field: used to name the flag in validation errors. */
export const FLAG_FIELDS: Readonly<Record<keyof ConfigFlags, string>> = {
  apiserverAdvertiseAddress: 'InitConfiguration.localAPIEndpoint.advertiseAddress',
  apiserverBindPort: 'InitConfiguration.localAPIEndpoint.bindPort',
  controlPlaneEndpoint: 'ClusterConfiguration.controlPlaneEndpoint',
  podNetworkCidr: 'ClusterConfiguration.networking.podSubnet',
  serviceCidr: 'ClusterConfiguration.networking.serviceSubnet',
  serviceDnsDomain: 'ClusterConfiguration.networking.dnsDomain',
  kubernetesVersion: 'ClusterConfiguration.kubernetesVersion',
  nodeName: 'nodeRegistration.name',
  certDir: 'ClusterConfiguration.certificatesDir',
  imageRepository: 'ClusterConfiguration.imageRepository',
  apiserverCertExtraSans: 'ClusterConfiguration.apiServer.certSANs',
  criSocket: 'nodeRegistration.criSocket',
  token: 'InitConfiguration.bootstrapTokens[0].token',
  tokenTtl: 'InitConfiguration.bootstrapTokens[0].ttl',
  certificateKey: 'certificateKey',
  ignorePreflightErrors: 'nodeRegistration.ignorePreflightErrors',
  skipPhases: 'skipPhases',
  discoveryToken: 'JoinConfiguration.discovery.bootstrapToken.token',
  discoveryTokenCaCertHash: 'JoinConfiguration.discovery.bootstrapToken.caCertHashes',
  discoveryTokenUnsafeSkipCaVerification: 'JoinConfiguration.discovery.bootstrapToken.unsafeSkipCAVerification',
  discoveryFile: 'JoinConfiguration.discovery.file.kubeConfigPath',
  tlsBootstrapToken: 'JoinConfiguration.discovery.tlsBootstrapToken',
  controlPlane: 'JoinConfiguration.controlPlane',
  apiServerEndpoint: 'JoinConfiguration.discovery.bootstrapToken.apiServerEndpoint',
};
