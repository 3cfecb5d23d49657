// The test node's stand-in for systemd's kubelet.service: an executable answering is-active, stop
// and restart with systemctl's exit codes (0 ok / running, 3 not running), which minikubeadm drives
// through MINIKUBEADM_KUBELET_SERVICE. It starts the real kubelet inside the node's mount and network
// namespaces with exactly the command line of kubeadm's systemd drop-in (10-kubeadm.conf):
//   kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
// with KUBELET_KUBEADM_ARGS from <kubelet-dir>/kubeadm-flags.env as minikubeadm wrote it, and
// KUBELET_EXTRA_ARGS (kubeadm: /etc/default/kubelet) holding only what a v1.20 kubelet needs that
// current kubeadm no longer writes and, for a node with directories of its own, those directories.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubeletServiceLayout {
  /** The executable minikubeadm calls. */
  script: string;
  pidFile: string;
  logFile: string;
  extraEnvFile: string;
}

export interface KubeletServiceOptions {
  nodeDir: string;
  kubelet: string;
  /** The node's directories, as the kubelet (inside the node) sees them. */
  kubernetesDir: string;
  kubeletDir: string;
  /** The node has directories of its own, not the kubelet's defaults (/var/lib/kubelet and its pki). */
  ownDirs: boolean;
  mountNsFile: string;
  /** Inode of the node's mount namespace: a caller already inside it does not enter it again. */
  mountNsInode: number;
  netns: string;
  netnsInode: number;
  cgroupRoot: string;
  /** The node's address: its namespace has no default route for the kubelet to guess it from. */
  nodeIP: string;
  /** The node's containerd socket path. */
  criSocket: string;
}

const sh = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

export function kubeletExtraArgs(o: KubeletServiceOptions): string[] {
  return [
    // v1.20 needs these; kubeadm stopped writing them when dockershim went away.
    '--container-runtime=remote',
    '--runtime-request-timeout=5m',
    // From v1.34 (NodeLocalCRISocket) the endpoint is in instance-config.yaml and config.yaml's
    // containerRuntimeEndpoint, which a v1.20 kubelet does not know; it needs the flag.
    `--container-runtime-endpoint=unix://${o.criSocket}`,
    // The node's own directories instead of /var/lib/kubelet (unless it uses those), and its own cgroup root.
    ...(o.ownDirs ? [`--root-dir=${o.kubeletDir}`, `--cert-dir=${join(o.kubeletDir, 'pki')}`] : []),
    `--cgroup-root=/${o.cgroupRoot}`,
    // What an operator puts in /etc/default/kubelet on a node with several addresses.
    `--node-ip=${o.nodeIP}`,
  ];
}

export function writeKubeletService(o: KubeletServiceOptions): KubeletServiceLayout {
  const l: KubeletServiceLayout = {
    script: join(o.nodeDir, 'kubelet-service'),
    pidFile: join(o.nodeDir, 'kubelet.pid'),
    logFile: join(o.nodeDir, 'logs', 'kubelet.log'),
    extraEnvFile: join(o.nodeDir, 'kubelet-extra.env'),
  };
  writeFileSync(l.extraEnvFile, `KUBELET_EXTRA_ARGS=${sh(kubeletExtraArgs(o).join(' '))}\n`);
  const script = `#!/bin/bash
# kubelet service of an end-to-end test node (is-active | stop | restart), see kubelet-service.ts.
set -u
PIDFILE=${sh(l.pidFile)}
LOG=${sh(l.logFile)}
KUBELET=${sh(o.kubelet)}
MNTNS=${sh(o.mountNsFile)}
NETNS=${sh(`/run/netns/${o.netns}`)}
MNT_INODE=${o.mountNsInode}
NET_INODE=${o.netnsInode}
FLAGS_ENV=${sh(join(o.kubeletDir, 'kubeadm-flags.env'))}
EXTRA_ENV=${sh(l.extraEnvFile)}
KUBECONFIG_ARGS=${sh(`--bootstrap-kubeconfig=${join(o.kubernetesDir, 'bootstrap-kubelet.conf')} --kubeconfig=${join(o.kubernetesDir, 'kubelet.conf')}`)}
CONFIG_ARGS=${sh(`--config=${join(o.kubeletDir, 'config.yaml')}`)}

exec 9>"$PIDFILE.lock"
flock -w 120 9 || { echo "kubelet service busy"; exit 1; }

running() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ -n "$pid" && "$(readlink "/proc/$pid/exe" 2>/dev/null)" == "$KUBELET" ]]
}

stop() {
  local pid i
  if ! running; then rm -f "$PIDFILE"; return 0; fi
  pid=$(cat "$PIDFILE")
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do running || break; sleep 0.1; done
  running && kill -KILL "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do running || break; sleep 0.1; done
  if running; then echo "kubelet (pid $pid) did not stop"; return 1; fi
  rm -f "$PIDFILE"
}

start() {
  local i enter=() run=()
  # Called from the host or from inside the node (minikubeadm runs there): enter what is missing.
  [[ "$(stat -L -c %i /proc/self/ns/mnt)" == "$MNT_INODE" ]] || enter+=("--mount=$MNTNS")
  [[ "$(stat -L -c %i /proc/self/ns/net)" == "$NET_INODE" ]] || enter+=("--net=$NETNS")
  ((\${#enter[@]} == 0)) || run=(nsenter "\${enter[@]}" --)
  rm -f "$PIDFILE.new"
  mkdir -p "$(dirname "$LOG")"
  printf '\\n==> %s kubelet start\\n' "$(date -u +%FT%TZ)" >>"$LOG"
  # Like systemd: a clean environment, its own session, output to the journal (here: a log file),
  # and not our lock (fd 9).
  setsid -f env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \\
    "\${run[@]}" /bin/sh -c '
      echo $$ >"$1"
      exec >>"$2" 2>&1 </dev/null
      KUBELET_KUBEADM_ARGS=
      KUBELET_EXTRA_ARGS=
      [ -f "$3" ] && . "$3"
      [ -f "$4" ] && . "$4"
      exec "$5" $6 $7 $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS' kubelet \\
    "$PIDFILE.new" "$LOG" "$FLAGS_ENV" "$EXTRA_ENV" "$KUBELET" "$KUBECONFIG_ARGS" "$CONFIG_ARGS" </dev/null >/dev/null 2>&1 9>&-
  for ((i = 0; i < 100; i++)); do [[ -s "$PIDFILE.new" ]] && break; sleep 0.05; done
  [[ -s "$PIDFILE.new" ]] || { echo "the kubelet did not start (see $LOG)"; return 1; }
  mv -f "$PIDFILE.new" "$PIDFILE"
  for ((i = 0; i < 20; i++)); do running && return 0; sleep 0.05; done
  echo "the kubelet exited at once; last lines of $LOG:"
  tail -n 20 "$LOG"
  return 1
}

case "\${1:-}" in
  is-active) running && exit 0; exit 3 ;;
  stop) stop ;;
  start | restart) stop && start ;;
  *) echo "usage: $0 is-active|stop|restart"; exit 2 ;;
esac
`;
  writeFileSync(l.script, script);
  chmodSync(l.script, 0o755);
  return l;
}
