/**
 * The check lists, in kubeadm's order (InitNodeChecks, JoinNodeChecks, addCommonChecks), with
 * kubeadm's names and severities. Each list is built from the plan, then filtered by each check's
 * `appliesTo`, so what a run includes is visible in one table.
 */
import { DEFAULT_KUBERNETES_VERSION, PORTS } from '../config/constants.js';
import { releaseFor } from '../versions/release.js';
import { EXECUTABLE_SETS } from './executables.js';
import { MinikubeadmError } from '../errors.js';
import { ipFamily, parseCidr } from '../net/ip.js';
import { dirAvailableCheck, fileAvailableCheck, fileContentCheck, filesExistingCheck, inPathCheck } from './checks/files.js';
import { memCheck, numCpuCheck, privilegedUserCheck, swapCheck } from './checks/machine.js';
import { hostnameCheck, httpProxyCheck, httpProxyCidrCheck, portCheck } from './checks/network.js';
import { criCheck, firewalldCheck, serviceKubeletCheck } from './checks/services.js';
import { systemVerificationCheck } from './checks/system-verification.js';
import { externalEtcdVersionCheck, kubeletVersionCheck, kubernetesVersionCheck } from './checks/versions.js';
import { type Check, type PreflightPlan, always } from './types.js';

const IPV4_FORWARD = '/proc/sys/net/ipv4/ip_forward';
const IPV6_FORWARD = '/proc/sys/net/ipv6/conf/default/forwarding';

function forwardingChecks(ipv4: (p: PreflightPlan) => boolean, ipv6: (p: PreflightPlan) => boolean): Check[] {
  return [
    fileContentCheck(IPV4_FORWARD, '1', 'enable IPv4 forwarding: `sysctl -w net.ipv4.ip_forward=1`, and keep it with `net.ipv4.ip_forward = 1` in /etc/sysctl.d/k8s.conf', ipv4),
    fileContentCheck(IPV6_FORWARD, '1', 'enable IPv6 forwarding: `sysctl -w net.ipv6.conf.default.forwarding=1`, and keep it in /etc/sysctl.d/k8s.conf', ipv6),
  ];
}

/**
 * kubeadm's addCommonChecks; `version` is the Kubernetes version the checks may rely on (none for a
 * worker join, which gets the lists of the default version, as kubeadm uses its own).
 */
function commonChecks(plan: PreflightPlan, version: (p: PreflightPlan) => string | undefined, appliesTo: (p: PreflightPlan) => boolean = () => true): Check[] {
  const release = releaseFor(version(plan) ?? DEFAULT_KUBERNETES_VERSION);
  const executables = EXECUTABLE_SETS[release.preflight.executables].map((e) => inPathCheck(e.name, e.severity, e.hint, always));
  const checks: Check[] = [
    criCheck,
    swapCheck,
    ...executables,
    systemVerificationCheck,
    hostnameCheck,
    { ...kubeletVersionCheck, run: (host, plan) => kubeletVersionCheck.run(host, { ...plan, kubernetesVersion: version(plan) }) },
    serviceKubeletCheck,
    portCheck(PORTS.kubelet, 'the kubelet serves its API there: stop a kubelet left running (`systemctl stop kubelet`)'),
  ];
  return checks.map((c) => ({ ...c, appliesTo: (p: PreflightPlan) => appliesTo(p) && c.appliesTo(p) }));
}

const cidrsOf = (p: PreflightPlan): string[] => [...p.serviceSubnet.split(','), ...p.podSubnet.split(',')].map((c) => c.trim());
const usesFamily = (p: PreflightPlan, family: 4 | 6): boolean =>
  cidrsOf(p).some((c) => parseCidr(c)?.family === family) || (!p.secondaryControlPlane && ipFamily(p.advertiseAddress) === family);

/** kubeadm's InitNodeChecks (also the second half of a control-plane join). */
function initNodeChecks(plan: PreflightPlan): Check[] {
  const primary = (p: PreflightPlan): boolean => !p.secondaryControlPlane;
  const localEtcd = (p: PreflightPlan): boolean => p.etcd.local !== undefined;
  const externalCerts = (p: PreflightPlan): boolean => p.etcd.external !== undefined && !(p.secondaryControlPlane && p.downloadCerts);
  const ext = plan.etcd.external;
  const manifests = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((c) => fileAvailableCheck(`${plan.manifestsDir}/${c}.yaml`));
  const list: Check[] = [
    { ...privilegedUserCheck, appliesTo: primary },
    numCpuCheck,
    memCheck,
    kubernetesVersionCheck,
    firewalldCheck((p) => [p.bindPort, PORTS.kubelet]),
    portCheck(plan.bindPort, 'or choose another port with localAPIEndpoint.bindPort / --apiserver-bind-port'),
    portCheck(PORTS.scheduler, 'kube-scheduler serves its secure port there'),
    portCheck(PORTS.controllerManager, 'kube-controller-manager serves its secure port there'),
    ...manifests,
    httpProxyCheck((p) => p.advertiseAddress),
    httpProxyCidrCheck(),
    ...commonChecks(plan, (p) => p.kubernetesVersion, primary),
    ...forwardingChecks((p) => primary(p) && usesFamily(p, 4), (p) => primary(p) && usesFamily(p, 6)),
    externalEtcdVersionCheck((p) => primary(p) && p.etcd.external !== undefined),
    portCheck(PORTS.etcdClient, 'local etcd serves clients there', localEtcd),
    portCheck(PORTS.etcdPeer, 'local etcd talks to its peers there', localEtcd),
    dirAvailableCheck(plan.etcdDataDir, localEtcd),
  ];
  if (ext) {
    const files = [ext.caFile, ext.certFile, ext.keyFile].filter((f) => f !== '');
    list.push(filesExistingCheck(files, 'ExternalEtcdClientCertificates', 'copy the external etcd client certificates there (etcd.external.caFile/certFile/keyFile name them)', externalCerts));
  }
  return list.filter((c) => c.appliesTo(plan));
}

/** The checks of `minikubeadm init`. */
export function initChecks(plan: PreflightPlan): Check[] {
  return initNodeChecks(plan);
}

/** `host` of a `host:port` endpoint (brackets removed), or undefined when it has no port. */
function endpointHost(endpoint: string | undefined): string | undefined {
  const m = endpoint ? /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(endpoint) : null;
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The checks of `minikubeadm join` itself (kubeadm's JoinNodeChecks), run before discovery. */
export function joinNodeChecks(plan: PreflightPlan): Check[] {
  const discovery = endpointHost(plan.discoveryEndpoint);
  const list: Check[] = [
    privilegedUserCheck,
    fileAvailableCheck(`${plan.kubernetesDir}/kubelet.conf`),
    fileAvailableCheck(`${plan.kubernetesDir}/bootstrap-kubelet.conf`),
    ...commonChecks(plan, () => undefined),
    fileAvailableCheck(plan.caCertPath ?? `${plan.kubernetesDir}/pki/ca.crt`, (p) => !p.controlPlane),
    httpProxyCheck(() => discovery ?? '', () => discovery !== undefined),
    ...forwardingChecks(() => discovery !== undefined && ipFamily(discovery) === 4, () => discovery !== undefined && ipFamily(discovery) === 6),
  ];
  return list.filter((c) => c.appliesTo(plan));
}

/** The message kubeadm refuses a control-plane join into a cluster without controlPlaneEndpoint with. */
export const NO_CONTROL_PLANE_ENDPOINT = "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address";

/**
 * The checks a control-plane join adds once the cluster's configuration is known (the init node
 * checks). A cluster without controlPlaneEndpoint is refused outright: no
 * --ignore-preflight-errors can make that work.
 */
export function controlPlaneJoinChecks(plan: PreflightPlan): Check[] {
  if (plan.controlPlaneEndpoint.trim() === '') {
    throw new MinikubeadmError('PREFLIGHT_FAILED', NO_CONTROL_PLANE_ENDPOINT, {
      hint: 'give the cluster a stable endpoint first: set controlPlaneEndpoint (a DNS name or load-balancer address) in the ClusterConfiguration, re-issue the API server certificates with it, upload it with `minikubeadm init phase upload-config kubeadm`, then join again',
    });
  }
  return initNodeChecks(plan);
}

/** Every check of a join: the join's own, then for a control plane the init node checks. */
export function joinChecks(plan: PreflightPlan): Check[] {
  return plan.controlPlane ? [...joinNodeChecks(plan), ...controlPlaneJoinChecks(plan)] : joinNodeChecks(plan);
}
