/**
 * join phase control-plane-prepare: for a control-plane join, the shared certificates from the
 * kubeadm-certs Secret (download-certs), this node's own certificates signed by those CAs (certs),
 * its admin, controller-manager and scheduler kubeconfig files (kubeconfig), and its control-plane
 * static Pod manifests (control-plane). A worker skips all of it. Each step reuses init's builders
 * through the joined view of the run, so the files are exactly init's.
 */
import { KEY_MODE, PKI_DIR_MODE } from '../pki/files.js';
import { certificatesFor } from '../pki/certlist.js';
import { KUBECONFIGS } from '../kubeconfig/specs.js';
import { certificateDirectories, secureDirectories } from '../pki/modes.js';
import { certificate, prepareCerts, serviceAccountKey } from '../init/certs.js';
import { type ControlPlaneComponent, controlPlaneComponent } from '../init/control-plane.js';
import { kubeconfigFile } from '../init/kubeconfig.js';
import type { RunContext } from '../workflow/context.js';
import { isControlPlane, joinedContext } from './node.js';

const CERT_MODE = 0o644;
/** The kubeconfig files a joining control plane writes (not super-admin.conf, not kubelet.conf). */
const JOIN_KUBECONFIGS = ['admin', 'controller-manager', 'scheduler'];
const COMPONENTS: readonly ControlPlaneComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/** `download-certs`: write the shared certificates (keys 0600, certificates 0644). */
export async function downloadCerts(ctx: RunContext): Promise<void> {
  const { log } = ctx;
  const key = ctx.config.join?.controlPlane?.certificateKey ?? '';
  if (!isControlPlane(ctx) || key === '') {
    log.debug(1, '[download-certs] Skipping certs download');
    return;
  }
  const joining = await ctx.joining();
  log.info('Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
  const certs = await joining.sharedCertificates();
  log.info(`Saving the certificates to the folder: "${joining.paths.certificatesDir}"`);
  // Keys are about to land there: a directory others can write to would let them swap the keys.
  await secureDirectories({ fs: ctx.fs, log, fix: ctx.flags.fixPermissions }, certificateDirectories(joining.paths.certificatesDir));
  for (const c of certs) {
    if (c.bytes.length === 0) {
      log.debug(1, `[download-certs] Not saving "${c.key}" to disk, since it is empty in the "kubeadm-certs" Secret`);
      continue;
    }
    await ctx.fs.write(c.path, c.bytes, c.secret ? { mode: KEY_MODE, secret: true, dirMode: PKI_DIR_MODE } : { mode: CERT_MODE, dirMode: PKI_DIR_MODE });
  }
}

/** `certs`: every certificate of the table this node lacks, from the CAs now on disk, and the sa key pair. */
export async function joinCerts(ctx: RunContext): Promise<void> {
  if (!isControlPlane(ctx)) return;
  const node = await joinedContext(ctx);
  await prepareCerts(node);
  // The CAs are there (downloaded, or copied by the operator): checked and used as they are.
  for (const spec of certificatesFor(node.config)) await certificate(node, spec);
  await serviceAccountKey(node);
}

/** `kubeconfig`: admin.conf, controller-manager.conf and scheduler.conf. */
export async function joinKubeconfigs(ctx: RunContext): Promise<void> {
  if (!isControlPlane(ctx)) return;
  const node = await joinedContext(ctx);
  node.log.info('Generating kubeconfig files');
  node.log.info(`Using kubeconfig folder "${node.paths.kubeconfigDir}"`);
  for (const spec of KUBECONFIGS.filter((k) => JOIN_KUBECONFIGS.includes(k.name))) await kubeconfigFile(node, spec);
}

/** `control-plane`: the kube-apiserver, kube-controller-manager and kube-scheduler manifests. */
export async function joinControlPlane(ctx: RunContext): Promise<void> {
  if (!isControlPlane(ctx)) return;
  const node = await joinedContext(ctx);
  for (const component of COMPONENTS) await controlPlaneComponent(node, component);
}
