#!/usr/bin/env bash
# Prepares a machine for the end-to-end suite: the Debian packages the tests use (Go and gcc to
# build Kubernetes and pause, etcd, iproute2 for network namespaces, containerd, runc, the CNI
# plugins and iptables for the nodes), then the cached Kubernetes binaries and etcd 3.5. The node
# images are assembled from those by the suite itself (test/e2e/images), also cached.
# Idempotent and quick once everything is in place. Needs root (apt-get, later namespaces).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(golang-go rsync golang-github-modern-go-reflect2-dev etcd-server etcd-client dpkg-dev iproute2 gcc libc6-dev
  containerd runc containernetworking-plugins iptables util-linux curl)

say() { printf '[provision] %s\n' "$*"; }

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

for tool in go gcc rsync etcd etcdctl ip containerd containerd-shim-runc-v2 runc ctr iptables nsenter unshare curl; do
  command -v "$tool" >/dev/null || { say "missing $tool after installing packages"; exit 1; }
done
for plugin in bridge host-local loopback; do
  [[ -x /usr/lib/cni/$plugin ]] || { say "missing the CNI plugin /usr/lib/cni/$plugin"; exit 1; }
done

"$HERE/build-kubernetes.sh"
"$HERE/fetch-etcd.sh"
say "ready"
