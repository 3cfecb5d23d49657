/**
 * The kubelet's files on this node, where kubeadm's systemd drop-in reads them: config.yaml and
 * kubeadm-flags.env under --kubelet-dir, kubelet.conf and bootstrap-kubelet.conf under the
 * kubeconfig directory. Also the command an operator runs when no service manager starts the kubelet.
 */
import { join } from 'node:path';
import { KUBELET_FILES } from '../config/constants.js';
import { type Paths, kubeconfigPath } from '../config/paths.js';
import { toYaml } from '../yaml.js';

/** Mode of config.yaml and kubeadm-flags.env (kubeadm writes them 0644). */
export const KUBELET_FILE_MODE = 0o644;
/** Mode of a kubelet directory created on the way. */
export const KUBELET_DIR_MODE = 0o700;

/** `<kubelet-dir>/config.yaml`. */
export const kubeletConfigPath = (paths: Pick<Paths, 'kubeletDir'>): string => join(paths.kubeletDir, KUBELET_FILES.config);

/** `<kubelet-dir>/kubeadm-flags.env`. */
export const kubeletEnvPath = (paths: Pick<Paths, 'kubeletDir'>): string => join(paths.kubeletDir, KUBELET_FILES.flagsEnv);

/** `<kubelet-dir>/pki/kubelet-client-current.pem`, written by the kubelet after its TLS bootstrap. */
export const rotatingClientCertPath = (paths: Pick<Paths, 'kubeletDir'>): string => join(paths.kubeletDir, KUBELET_FILES.rotatingClientCert);

/** config.yaml and the kubelet-config ConfigMap: keys sorted at every level. */
export function kubeletConfigurationYaml(document: Record<string, unknown>): string {
  return toYaml(document, 'component');
}

/** The command line that starts the kubelet the way kubeadm's systemd drop-in does. */
export function manualKubeletCommand(paths: Pick<Paths, 'kubeletDir' | 'kubeconfigDir'>): string {
  const kubeconfig = kubeconfigPath(paths, 'kubelet');
  const bootstrap = kubeconfigPath(paths, 'bootstrapKubelet');
  return `. ${kubeletEnvPath(paths)} && kubelet --bootstrap-kubeconfig=${bootstrap} --kubeconfig=${kubeconfig} --config=${kubeletConfigPath(paths)} $KUBELET_KUBEADM_ARGS`;
}
