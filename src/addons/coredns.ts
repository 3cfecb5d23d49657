/**
 * Data for the CoreDNS templates (templates/coredns/): the Corefile (rendered from its own template), the
 * image (registry.k8s.io/coredns/coredns:<version>; the extra /coredns only for the default
 * registry), the kube-dns address (10th address of the service subnet) and the replica count (2, or
 * what an existing Deployment has, so a scaled CoreDNS stays scaled).
 */
import { CONTROL_PLANE_TAINT_KEY, DEFAULT_IMAGE_REPOSITORY } from '../config/constants.js';
import { releaseFor } from '../versions/release.js';
import type { ClusterConfiguration } from '../config/types.js';
import type { AddonTemplate } from './render.js';
import { clusterDnsIP } from '../config/network.js';

const COREDNS_REPLICAS = 2;
export const COREDNS_DEPLOYMENT = 'coredns';

/** images.GetDNSImage; the tag is this Kubernetes version's CoreDNS (the version table) unless dns.imageTag is set. */
export function corednsImage(cluster: Pick<ClusterConfiguration, 'imageRepository' | 'dns' | 'kubernetesVersion'>): string {
  let repo = cluster.dns.imageRepository || cluster.imageRepository;
  if (repo === DEFAULT_IMAGE_REPOSITORY) repo = `${repo}/coredns`;
  return `${repo}/coredns:${cluster.dns.imageTag || releaseFor(cluster.kubernetesVersion).images.coreDNS}`;
}

/** The Corefile's template (text, not YAML); the data it gets is `{ dnsDomain }`. */
export const COREFILE_TEMPLATE = 'coredns/Corefile.hbs';

export interface CorednsData {
  corefile: string;
  dnsDomain: string;
  dnsIP: string;
  image: string;
  replicas: number;
  deploymentName: string;
  controlPlaneTaintKey: string;
}

/** `corefile` is the rendered COREFILE_TEMPLATE. */
export function corednsData(cluster: ClusterConfiguration, corefile: string, currentReplicas?: number): CorednsData {
  return {
    corefile,
    dnsDomain: cluster.networking.dnsDomain,
    dnsIP: clusterDnsIP(cluster.networking.serviceSubnet),
    image: corednsImage(cluster),
    replicas: currentReplicas ?? COREDNS_REPLICAS,
    deploymentName: COREDNS_DEPLOYMENT,
    controlPlaneTaintKey: CONTROL_PLANE_TAINT_KEY,
  };
}

/** Templates in the order kubeadm creates the objects. */
export const COREDNS_TEMPLATES: readonly AddonTemplate[] = [
  { name: 'coredns/configmap.yaml.hbs', kinds: ['ConfigMap'] },
  { name: 'coredns/rbac.yaml.hbs', kinds: ['ClusterRole', 'ClusterRoleBinding', 'ServiceAccount'] },
  { name: 'coredns/deployment.yaml.hbs', kinds: ['Deployment'] },
  { name: 'coredns/service.yaml.hbs', kinds: ['Service'] },
];
