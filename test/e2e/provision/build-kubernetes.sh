#!/usr/bin/env bash
# Builds the real Kubernetes v1.20.2 binaries that the end-to-end tests run (control plane, kubelet,
# kube-proxy, kubeadm) from Debian's `kubernetes` source package with Debian's Go, and the pause
# binary of the node images from the same tree's build/pause/linux/pause.c (static, with gcc).
# The result is cached outside the repository; a rerun with everything cached exits at once,
# and a rerun after a failure reuses the download, the unpacked tree and the Go build cache.
set -euo pipefail

VERSION=v1.20.2
CACHE="${MINIKUBEADM_CACHE:-$HOME/.cache/minikubeadm}"
ROOT="$CACHE/kubernetes-$VERSION"
BIN="$ROOT/bin"
WORK="$ROOT/work"
LOG="$ROOT/build.log"
GOPATH_DIR="$WORK/gopath"
SRC="$GOPATH_DIR/src/k8s.io/kubernetes"
COMPONENTS=(kubeadm kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)
PACKAGES=(golang-go rsync golang-github-modern-go-reflect2-dev etcd-server etcd-client dpkg-dev iproute2 gcc libc6-dev)

say() { printf '[build-kubernetes] %s\n' "$*"; }

all_cached() {
  local c
  for c in "${COMPONENTS[@]}" pause; do [[ -x "$BIN/$c" ]] || return 1; done
}

if all_cached; then
  say "all binaries cached in $BIN"
  exit 0
fi

mkdir -p "$BIN" "$WORK"
: >>"$LOG"

on_exit() {
  local rc=$?
  ((rc == 0)) && return 0
  say "FAILED (exit $rc); last lines of $LOG:"
  tail -n 40 "$LOG" >&2 || true
}
trap on_exit EXIT

# Runs a noisy command with its output appended to the log.
quiet() {
  printf '\n### %s\n' "$*" >>"$LOG"
  "$@" >>"$LOG" 2>&1
}

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  say "installing ${missing[*]}"
  if ! quiet env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
    quiet apt-get update
    quiet env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# shellcheck source=apt-archive.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-archive.sh"

download_source() {
  local dl="$WORK/download"
  if compgen -G "$dl/kubernetes_*.dsc" >/dev/null && compgen -G "$dl/kubernetes_*.orig.tar.*" >/dev/null; then
    return 0
  fi
  local archive uri signed apt="$WORK/apt"
  archive=$(debian_archive) || { say "no Debian bookworm main archive found in /etc/apt"; return 1; }
  read -r uri signed <<<"$archive"
  say "downloading the kubernetes source package"
  rm -rf "$apt" "$dl"
  mkdir -p "$apt/lists/partial" "$apt/parts" "$apt/cache/archives/partial" "$dl"
  if [[ -n "$signed" ]]; then
    echo "deb-src [signed-by=$signed] $uri bookworm main" >"$apt/sources.list"
  else
    echo "deb-src $uri bookworm main" >"$apt/sources.list"
  fi
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root")
  quiet apt-get "${opts[@]}" update
  (cd "$dl" && quiet apt-get "${opts[@]}" source --download-only kubernetes)
}

unpack_source() {
  [[ -f "$WORK/.unpacked" ]] && return 0
  local orig
  orig=$(compgen -G "$WORK/download/kubernetes_*.orig.tar.*" | head -n 1)
  say "unpacking $(basename "$orig")"
  rm -rf "$SRC" "$WORK/.reflect2" "$WORK/.generated"
  mkdir -p "$SRC"
  quiet tar -xf "$orig" -C "$SRC" --strip-components=1
  [[ -f "$SRC/cmd/kube-apiserver/apiserver.go" && -d "$SRC/vendor" ]] ||
    { echo "unexpected layout in $orig" >>"$LOG"; false; }
  touch "$WORK/.unpacked"
}

# reflect2 1.0.1 (vendored) panics at start-up with Go >= 1.18; Debian's 1.0.2 does not.
replace_reflect2() {
  [[ -f "$WORK/.reflect2" ]] && return 0
  local from=/usr/share/gocode/src/github.com/modern-go/reflect2 to="$SRC/vendor/github.com/modern-go/reflect2"
  say "replacing vendored reflect2 with $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)"
  rm -rf "$to"
  mkdir -p "$to"
  cp -a "$from"/. "$to"/
  rm -f "$to/go.mod" "$to/go.sum"
  touch "$WORK/.reflect2"
}

go_env() {
  env GO111MODULE=off GOFLAGS= GOPATH="$GOPATH_DIR" GOCACHE="$ROOT/go-build-cache" "$@"
}

# kube-apiserver's OpenAPI definitions (and a few other files) are generated, not shipped.
generate_files() {
  [[ -f "$WORK/.generated" ]] && return 0
  say "make generated_files (about a minute)"
  local start=$SECONDS
  (cd "$SRC" && quiet go_env make generated_files)
  touch "$WORK/.generated"
  say "generated files done in $((SECONDS - start)) s"
}

ldflags() {
  local pkg v=${VERSION#v} flags="-s -w"
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    pkg="k8s.io/kubernetes/vendor/$pkg"
    flags+=" -X $pkg.gitVersion=$VERSION -X $pkg.gitMajor=${v%%.*}"
    flags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$v") -X $pkg.gitTreeState=clean"
    flags+=" -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  printf '%s' "$flags"
}

build_component() {
  local name=$1
  [[ -x "$BIN/$name" ]] && return 0
  say "building $name"
  local start=$SECONDS tmp="$BIN/.$name.partial"
  rm -f "$tmp"
  (cd "$SRC" && quiet go_env go build -ldflags "$(ldflags)" -o "$tmp" "k8s.io/kubernetes/cmd/$name")
  chmod 0755 "$tmp"
  mv -f "$tmp" "$BIN/$name"
  say "$name built in $((SECONDS - start)) s"
}

# The sandbox ("pause") container's binary, as the Kubernetes build makes it: static, stripped.
build_pause() {
  [[ -x "$BIN/pause" ]] && return 0
  say "building pause"
  local tmp="$BIN/.pause.partial" tag
  tag=$(awk '$1 == "TAG" && $2 == "=" { print $3; exit }' "$SRC/build/pause/Makefile")
  quiet gcc -Os -Wall -Werror -static -DVERSION="v${tag:-unknown}" -o "$tmp" "$SRC/build/pause/linux/pause.c"
  quiet strip "$tmp"
  mv -f "$tmp" "$BIN/pause"
}

main() {
  local start=$SECONDS c
  say "building Kubernetes $VERSION into $BIN (log: $LOG)"
  ensure_packages
  download_source
  unpack_source
  replace_reflect2
  generate_files
  for c in "${COMPONENTS[@]}"; do build_component "$c"; done
  build_pause
  all_cached
  say "$("$BIN/kube-apiserver" --version) ready in $((SECONDS - start)) s"
}

main "$@"
