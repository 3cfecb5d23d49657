/**
 * Data for the CoreDNS templates (templates/coredns/): the Corefile for the cluster's DNS domain, the
 * image (registry.k8s.io/coredns/coredns:<version>; the extra /coredns only for the default
 * registry), the kube-dns address (10th address of the service subnet) and the replica count (2, or
 * what an existing Deployment has, so a scaled CoreDNS stays scaled).
 */
import { CONTROL_PLANE_TAINT_KEY, COREDNS_VERSION, DEFAULT_IMAGE_REPOSITORY } from '../config/constants.js';
import type { ClusterConfiguration } from '../config/types.js';
import { clusterDnsIP } from '../kubelet/config.js';

export const COREDNS_REPLICAS = 2;
export const COREDNS_DEPLOYMENT = 'coredns';

/** images.GetDNSImage. */
export function corednsImage(cluster: Pick<ClusterConfiguration, 'imageRepository' | 'dns'>): string {
  let repo = cluster.dns.imageRepository || cluster.imageRepository;
  if (repo === DEFAULT_IMAGE_REPOSITORY) repo = `${repo}/coredns`;
  return `${repo}/coredns:${cluster.dns.imageTag || COREDNS_VERSION}`;
}

/** kubeadm's Corefile (v1.31/v1.32: plain `cache 30`). */
export function corefile(dnsDomain: string): string {
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '       lameduck 5s',
    '    }',
    '    ready',
    `    kubernetes ${dnsDomain} in-addr.arpa ip6.arpa {`,
    '       pods insecure',
    '       fallthrough in-addr.arpa ip6.arpa',
    '       ttl 30',
    '    }',
    '    prometheus :9153',
    '    forward . /etc/resolv.conf {',
    '       max_concurrent 1000',
    '    }',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}

export interface CorednsData {
  corefile: string;
  dnsDomain: string;
  dnsIP: string;
  image: string;
  replicas: number;
  deploymentName: string;
  controlPlaneTaintKey: string;
}

export function corednsData(cluster: ClusterConfiguration, currentReplicas?: number): CorednsData {
  return {
    corefile: corefile(cluster.networking.dnsDomain),
    dnsDomain: cluster.networking.dnsDomain,
    dnsIP: clusterDnsIP(cluster.networking.serviceSubnet),
    image: corednsImage(cluster),
    replicas: currentReplicas ?? COREDNS_REPLICAS,
    deploymentName: COREDNS_DEPLOYMENT,
    controlPlaneTaintKey: CONTROL_PLANE_TAINT_KEY,
  };
}

/** Templates in the order kubeadm creates the objects. */
export const COREDNS_TEMPLATES: readonly { name: string; kinds: string[] }[] = [
  { name: 'coredns/configmap.yaml.hbs', kinds: ['ConfigMap'] },
  { name: 'coredns/rbac.yaml.hbs', kinds: ['ClusterRole', 'ClusterRoleBinding', 'ServiceAccount'] },
  { name: 'coredns/deployment.yaml.hbs', kinds: ['Deployment'] },
  { name: 'coredns/service.yaml.hbs', kinds: ['Service'] },
];
