/**
 * The executables preflight wants on PATH, per list the version table names: errors when the
 * node cannot work without them, warnings otherwise (kubeadm's InPathCheck, mandatory or not).
 * - v1.31: conntrack (kube-proxy before v1.32), ip, iptables, mount, nsenter, ethtool, tc, touch;
 * - v1.32: the same without conntrack;
 * - v1.33: ip, iptables, nsenter, ethtool, tc and touch dropped (k/k#129131, #129317, #129450);
 *   losetup (the kubelet's block-volume locks) and cp (kubeadm copies etcd directories) added
 *   (k/k#129450, #130045).
 * ebtables and socat left every list with k/k#127151, backported to the v1.31 line.
 */
import type { ExecutableSet } from '../versions/table.js';
import type { Severity } from './types.js';

export interface RequiredExecutable {
  name: string;
  severity: Severity;
  hint: string;
}

const CONNTRACK: RequiredExecutable = { name: 'conntrack', severity: 'error', hint: 'install conntrack (Debian/Ubuntu: conntrack, RHEL/Fedora: conntrack-tools); kube-proxy before v1.32 needs it' };
const IP: RequiredExecutable = { name: 'ip', severity: 'error', hint: 'install iproute2 (RHEL/Fedora: iproute)' };
const IPTABLES: RequiredExecutable = { name: 'iptables', severity: 'error', hint: 'install iptables' };
const MOUNT: RequiredExecutable = { name: 'mount', severity: 'error', hint: 'install mount (util-linux)' };
const NSENTER: RequiredExecutable = { name: 'nsenter', severity: 'error', hint: 'install util-linux (Debian/Ubuntu ship nsenter in util-linux)' };
const ETHTOOL: RequiredExecutable = { name: 'ethtool', severity: 'warning', hint: 'install ethtool (used by some CNI plugins)' };
const TC: RequiredExecutable = { name: 'tc', severity: 'warning', hint: 'install iproute2 (RHEL/Fedora: iproute-tc) for traffic shaping' };
const TOUCH: RequiredExecutable = { name: 'touch', severity: 'warning', hint: 'install coreutils' };
const LOSETUP: RequiredExecutable = { name: 'losetup', severity: 'error', hint: 'install util-linux (the kubelet keeps block volumes open with losetup)' };
const CP: RequiredExecutable = { name: 'cp', severity: 'error', hint: 'install coreutils (minikubeadm copies etcd directories with cp)' };

export const EXECUTABLE_SETS: Readonly<Record<ExecutableSet, readonly RequiredExecutable[]>> = {
  'v1.31': [CONNTRACK, IP, IPTABLES, MOUNT, NSENTER, ETHTOOL, TC, TOUCH],
  'v1.32': [IP, IPTABLES, MOUNT, NSENTER, ETHTOOL, TC, TOUCH],
  'v1.33': [MOUNT, LOSETUP, CP],
};
