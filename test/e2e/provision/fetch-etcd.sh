#!/usr/bin/env bash
# Fetches etcd 3.5 for the node images: Debian bookworm ships etcd 3.4, which has no /livez and
# /readyz (our etcd manifest's probes), so the etcd-server and etcd-client packages of a newer
# Debian suite are downloaded as files through a temporary apt configuration (the machine's own
# sources are neither read nor changed) and unpacked with dpkg-deb. Their binaries link only libc,
# so they run on bookworm. Cached like the Kubernetes build; a rerun with it cached exits at once.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${MINIKUBEADM_CACHE:-$HOME/.cache/minikubeadm}"
ROOT="$CACHE/etcd-3.5"
BIN="$ROOT/bin"
SUITES=(trixie forky sid)
# /livez and /readyz appeared in etcd 3.5.11.
MIN_VERSION=3.5.11

say() { printf '[fetch-etcd] %s\n' "$*"; }

if [[ -x "$BIN/etcd" && -x "$BIN/etcdctl" && -f "$ROOT/VERSION" ]]; then
  say "etcd $(cat "$ROOT/VERSION") cached in $BIN"
  exit 0
fi

# shellcheck source=apt-archive.sh
. "$HERE/apt-archive.sh"
archive=$(debian_archive) || { say "no Debian bookworm main archive found in /etc/apt"; exit 1; }
read -r uri signed <<<"$archive"

work="$ROOT/work"
rm -rf "$work"
mkdir -p "$work/lists/partial" "$work/parts" "$work/cache/archives/partial" "$work/debs" "$BIN"
opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root")

version=""
for suite in "${SUITES[@]}"; do
  if [[ -n "$signed" ]]; then
    echo "deb [signed-by=$signed] $uri $suite main" >"$work/sources.list"
  else
    echo "deb $uri $suite main" >"$work/sources.list"
  fi
  apt-get "${opts[@]}" -qq update >"$work/update.log" 2>&1 || { say "no package lists for $suite"; continue; }
  candidate=$(apt-cache "${opts[@]}" show etcd-server 2>/dev/null | awk '$1 == "Version:" { print $2 }' | sort -V | tail -n 1)
  upstream=${candidate#*:}
  upstream=${upstream%%-*}
  upstream=${upstream%%+*}
  if [[ -n "$candidate" ]] && [[ "$(printf '%s\n%s\n' "$MIN_VERSION" "$upstream" | sort -V | head -n 1)" == "$MIN_VERSION" ]] &&
    [[ "$upstream" == 3.5.* ]]; then
    version=$candidate
    say "using etcd-server $candidate from $suite"
    break
  fi
  say "$suite has etcd-server ${candidate:-none}: not a 3.5 release with /livez and /readyz"
done
[[ -n "$version" ]] || { say "no Debian suite carries etcd 3.5 >= $MIN_VERSION"; exit 1; }

(cd "$work/debs" && apt-get "${opts[@]}" -qq download "etcd-server=$version" "etcd-client=$version")
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
for tool in etcd etcdctl etcdutl; do
  [[ -x "$work/root/usr/bin/$tool" ]] && install -m 0755 "$work/root/usr/bin/$tool" "$BIN/$tool"
done
"$BIN/etcd" --version | head -n 1
echo "${upstream}" >"$ROOT/VERSION"
rm -rf "$work"
say "etcd $upstream ready in $BIN"
