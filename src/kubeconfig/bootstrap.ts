/**
 * The kubelet's bootstrap kubeconfig (bootstrap-kubelet.conf), as kubeadm's discovery builds it:
 * the discovered server and CA with the TLS bootstrap token as user `tls-bootstrap-token-user`
 * (CreateWithToken), or, when no token is given, the discovery file's own credentials. The cluster
 * entry is then named after the cluster's clusterName; the context keeps kubeadm's name
 * `tls-bootstrap-token-user@kubernetes`.
 */
import { MinikubeadmError } from '../errors.js';
import { type Kubeconfig, type ReadFile, buildKubeconfig, connectionOf } from './kubeconfig.js';

export const TLS_BOOTSTRAP_USER = 'tls-bootstrap-token-user';
const DISCOVERY_CLUSTER_NAME = 'kubernetes';

export interface BootstrapSource {
  server: string;
  caPem: string;
  /** The discovered kubeconfig, whose credentials are used when there is no TLS bootstrap token. */
  kubeconfig: Kubeconfig;
  /** Its name, for messages. */
  source: string;
}

export async function tlsBootstrapKubeconfig(discovered: BootstrapSource, tlsBootstrapToken: string, clusterName: string, read: ReadFile): Promise<Kubeconfig> {
  let config: Kubeconfig;
  if (tlsBootstrapToken !== '') {
    config = buildKubeconfig({ clusterName: DISCOVERY_CLUSTER_NAME, server: discovered.server, caCertPem: discovered.caPem, userName: TLS_BOOTSTRAP_USER, token: tlsBootstrapToken });
  } else {
    const c = await connectionOf(discovered.kubeconfig, discovered.source, read);
    if (!c.token && !(c.certPem && c.keyPem)) {
      throw new MinikubeadmError(
        'DISCOVERY_FAILED',
        'could not find authentication credentials for the TLS bootstrap process. Please use Token discovery, a discovery file with embedded authentication credentials or a discovery file without authentication credentials but with the TLSBootstrapToken flag',
        { hint: 'pass --tls-bootstrap-token (or --token) with a bootstrap token of the cluster' },
      );
    }
    const user = discovered.kubeconfig.users.find((u) => u.name === discovered.kubeconfig.contexts.find((x) => x.name === discovered.kubeconfig['current-context'])?.context.user)?.name ?? TLS_BOOTSTRAP_USER;
    config = buildKubeconfig({
      clusterName: DISCOVERY_CLUSTER_NAME,
      server: discovered.server,
      caCertPem: discovered.caPem,
      userName: user,
      ...(c.token ? { token: c.token } : { clientCertPem: c.certPem!, clientKeyPem: c.keyPem! }),
    });
  }
  return renameCluster(config, clusterName);
}

/** The cluster entry (and the context's reference) renamed; the context name stays as it was. */
export function renameCluster(config: Kubeconfig, clusterName: string): Kubeconfig {
  const out = structuredClone(config);
  for (const c of out.clusters) c.name = clusterName;
  for (const c of out.contexts) c.context.cluster = clusterName;
  return out;
}
