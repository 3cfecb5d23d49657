/**
 * `config images list`: every image a control-plane node of this configuration runs, in kubeadm's
 * order (GetControlPlaneImages): the control-plane components, kube-proxy (unless disabled), CoreDNS (unless
 * disabled), pause, and etcd when it is local. Tags come from the version table for the
 * configured Kubernetes version.
 */
import { corednsImage } from '../addons/coredns.js';
import { etcdImage, kubernetesImage, pauseImage } from './images.js';
import type { ClusterConfiguration } from '../config/types.js';

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'] as const;

export function controlPlaneImages(cluster: ClusterConfiguration): string[] {
  const images: string[] = COMPONENTS.filter((c) => c !== 'kube-proxy' || !cluster.proxy.disabled).map((c) => kubernetesImage(c, cluster));
  if (!cluster.dns.disabled) images.push(corednsImage(cluster));
  images.push(pauseImage(cluster));
  if (cluster.etcd.local) images.push(etcdImage(cluster).image);
  return images;
}
