/**
 * What `init` prints at the end: how to use admin.conf and how to join nodes. The join line carries
 * the token and the CA public key pin (sha256 of the CA's DER SubjectPublicKeyInfo); with
 * --skip-token-print the token (and a certificate key) is replaced by `<value withheld>`.
 */
export const WITHHELD = '<value withheld>';

export interface JoinCommandInput {
  /** host:port of the control plane, as nodes should reach it. */
  endpoint: string;
  token: string;
  caCertHashes: readonly string[];
  controlPlane?: boolean;
  certificateKey?: string;
}

/** One join command, wrapped like kubeadm's (backslash, newline, tab before each further flag). */
export function joinCommand(input: JoinCommandInput): string {
  const parts = [`minikubeadm join ${input.endpoint} --token ${input.token}`];
  for (const hash of input.caCertHashes) parts.push(`--discovery-token-ca-cert-hash ${hash}`);
  if (input.controlPlane) parts.push(input.certificateKey ? `--control-plane --certificate-key ${input.certificateKey}` : '--control-plane');
  return `${parts.join(' \\\n\t')} `;
}

export interface InitSummaryInput {
  adminConf: string;
  endpoint: string;
  token: string;
  caCertHashes: readonly string[];
  /** controlPlaneEndpoint is set: other control-plane nodes can join. */
  controlPlaneJoin: boolean;
  /** Set when certificates were uploaded (upload-certs). */
  certificateKey?: string;
  skipTokenPrint: boolean;
  skipCertificateKeyPrint: boolean;
}

/** kubeadm's closing message, with minikubeadm's command names. */
export function initSummary(input: InitSummaryInput): string {
  const token = input.skipTokenPrint ? WITHHELD : input.token;
  const key = input.certificateKey && (input.skipCertificateKeyPrint ? WITHHELD : input.certificateKey);
  const lines = [
    'Your Kubernetes control-plane has initialized successfully!',
    '',
    'To start using your cluster, you need to run the following as a regular user:',
    '',
    '  mkdir -p $HOME/.kube',
    `  sudo cp -i ${input.adminConf} $HOME/.kube/config`,
    '  sudo chown $(id -u):$(id -g) $HOME/.kube/config',
    '',
    'Alternatively, if you are the root user, you can run:',
    '',
    `  export KUBECONFIG=${input.adminConf}`,
    '',
    'You should now deploy a pod network to the cluster.',
    'Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:',
    '  https://kubernetes.io/docs/concepts/cluster-administration/addons/',
    '',
  ];
  if (input.controlPlaneJoin) {
    lines.push(
      key
        ? 'You can now join any number of control-plane nodes running the following command on each as root:'
        : 'You can now join any number of control-plane nodes by copying certificate authorities\nand service account keys on each node and then running the following as root:',
      '',
      `  ${joinCommand({ endpoint: input.endpoint, token, caCertHashes: input.caCertHashes, controlPlane: true, certificateKey: key })}`,
      '',
    );
    if (key) {
      lines.push(
        'Please note that the certificate-key gives access to cluster sensitive data, keep it secret!',
        'As a safeguard, uploaded-certs will be deleted in two hours; if necessary, you can use',
        '"minikubeadm init phase upload-certs --upload-certs" to reload certs afterward.',
        '',
      );
    }
  }
  lines.push(
    'Then you can join any number of worker nodes by running the following on each as root:',
    '',
    joinCommand({ endpoint: input.endpoint, token, caCertHashes: input.caCertHashes }),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The join command as `token create --print-join-command` prints it: kubeadm's template with every
 * backslash-newline and tab removed, so it is one line (the trailing space is kubeadm's too).
 */
export function joinCommandLine(input: JoinCommandInput): string {
  return joinCommand(input).replaceAll('\\\n', '').replaceAll('\t', '');
}

/** host:port of a kubeconfig server URL, as the join command names the control plane. */
export function joinEndpointOf(server: string): string {
  return server.replace(/^https:\/\//, '').replace(/\/+$/, '');
}
