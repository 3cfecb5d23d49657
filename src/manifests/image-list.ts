/**
 * `config images list`: every image a node of this configuration runs, in kubeadm's order
 * (GetControlPlaneImages, v1.31+): kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy
 * (unless the addon is disabled), CoreDNS (same), pause, and etcd for local etcd only. Tags come
 * from the version table for the configured Kubernetes version.
 */
import { corednsImage } from '../addons/coredns.js';
import type { ClusterConfiguration } from '../config/types.js';
import { etcdImage, kubernetesImage, pauseImage } from './images.js';

export interface ImageList {
  images: string[];
  /** The etcd version fell back to the nearest known one. */
  warning?: string;
}

export function controlPlaneImages(cluster: ClusterConfiguration): ImageList {
  const images = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => kubernetesImage(c, cluster));
  if (!cluster.proxy.disabled) images.push(kubernetesImage('kube-proxy', cluster));
  if (!cluster.dns.disabled) images.push(corednsImage(cluster));
  images.push(pauseImage(cluster));
  const out: ImageList = { images };
  if (cluster.etcd.local) {
    const etcd = etcdImage(cluster);
    images.push(etcd.image);
    if (etcd.warning) out.warning = etcd.warning;
  }
  return out;
}
