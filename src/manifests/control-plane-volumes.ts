/**
 * The hostPath volumes of kube-apiserver, kube-controller-manager and kube-scheduler
 * (getHostPathVolumesForTheControlPlane), with the real paths of this run.
 */
import { kubeconfigPath } from '../config/paths.js';
import { getArgValue } from '../config/args.js';
import type { ManifestInputs } from './pod.js';
import { CA_CERTS_EXTRA_PATHS, CA_CERTS_VOLUME, DEFAULT_FLEXVOLUME_DIR, VolumeSet, addExternalEtcdVolumes, extraCAVolumeName } from './volumes.js';

export interface ControlPlaneVolumes {
  apiServer: VolumeSet;
  controllerManager: VolumeSet;
  scheduler: VolumeSet;
}

export function controlPlaneVolumes(inputs: ManifestInputs): ControlPlaneVolumes {
  const { cluster, paths } = inputs;
  const pki = paths.certificatesDir;
  const apiServer = new VolumeSet()
    .add('k8s-certs', pki, pki, true, 'DirectoryOrCreate')
    .add(CA_CERTS_VOLUME.name, CA_CERTS_VOLUME.path, CA_CERTS_VOLUME.path, true, 'DirectoryOrCreate');
  if (cluster.etcd.external) addExternalEtcdVolumes(apiServer, cluster.etcd.external, pki);

  const cmKubeconfig = kubeconfigPath(paths, 'controllerManager');
  const flexDir = getArgValue(cluster.controllerManager.extraArgs, 'flex-volume-plugin-dir') ?? DEFAULT_FLEXVOLUME_DIR;
  const controllerManager = new VolumeSet()
    .add('k8s-certs', pki, pki, true, 'DirectoryOrCreate')
    .add(CA_CERTS_VOLUME.name, CA_CERTS_VOLUME.path, CA_CERTS_VOLUME.path, true, 'DirectoryOrCreate')
    .add('kubeconfig', cmKubeconfig, cmKubeconfig, true, 'FileOrCreate')
    // Read-write: volume plugins talk to their storage backends through sockets in there.
    .add('flexvolume-dir', flexDir, flexDir, false, 'DirectoryOrCreate');

  const schedKubeconfig = kubeconfigPath(paths, 'scheduler');
  const scheduler = new VolumeSet().add('kubeconfig', schedKubeconfig, schedKubeconfig, true, 'FileOrCreate');

  for (const dir of CA_CERTS_EXTRA_PATHS) {
    if (!inputs.existingCADirs.includes(dir)) continue;
    apiServer.add(extraCAVolumeName(dir), dir, dir, true, 'DirectoryOrCreate');
    controllerManager.add(extraCAVolumeName(dir), dir, dir, true, 'DirectoryOrCreate');
  }

  apiServer.addExtra(cluster.apiServer.extraVolumes);
  controllerManager.addExtra(cluster.controllerManager.extraVolumes);
  scheduler.addExtra(cluster.scheduler.extraVolumes);
  return { apiServer, controllerManager, scheduler };
}
