#!/usr/bin/env bash
# Prepares a machine for the end-to-end suite: the Debian packages the tests use (Go and friends to
# build Kubernetes, etcd, iproute2 for network namespaces), then the cached Kubernetes binaries.
# Idempotent and quick once everything is in place. Needs root (apt-get, later `ip netns`).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(golang-go rsync golang-github-modern-go-reflect2-dev etcd-server etcd-client dpkg-dev iproute2)

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

for tool in go rsync etcd etcdctl ip; do
  command -v "$tool" >/dev/null || { say "missing $tool after installing packages"; exit 1; }
done

"$HERE/build-kubernetes.sh"
say "ready"
