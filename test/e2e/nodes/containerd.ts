// containerd for one test node: a config whose root, state, sockets and opt dir are under the
// node's directory, CRI with our local pause image, cgroupfs, runc v2, the CNI plugins of Debian's
// containernetworking-plugins and a per-node CNI config directory.
import { join } from 'node:path';

export interface ContainerdLayout {
  /** The node's containerd directory. */
  dir: string;
  /** gRPC socket path. */
  socket: string;
  /** CNI config directory of the node. */
  cniConfDir: string;
  /** Sandbox image, as the kubelet's --pod-infra-container-image names it. */
  sandboxImage: string;
}

export function containerdLayout(nodeDir: string, sandboxImage: string): ContainerdLayout {
  const dir = join(nodeDir, 'containerd');
  return { dir, socket: join(dir, 'containerd.sock'), cniConfDir: join(nodeDir, 'cni', 'net.d'), sandboxImage };
}

const q = (s: string): string => JSON.stringify(s);

export function containerdConfig(l: ContainerdLayout): string {
  return `# containerd of an end-to-end test node (written by the test harness)
version = 2
root = ${q(join(l.dir, 'root'))}
state = ${q(join(l.dir, 'state'))}
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = ${q(l.socket)}

[ttrpc]
  address = ${q(`${l.socket}.ttrpc`)}

[debug]
  level = "info"

[plugins."io.containerd.internal.v1.opt"]
  path = ${q(join(l.dir, 'opt'))}

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = ${q(l.sandboxImage)}
  # The machine withholds CAP_SYS_RESOURCE: runc cannot lower oom_score_adj below the runtime's own.
  restrict_oom_score_adj = true
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = ${q(l.cniConfDir)}
`;
}

/** One bridge network with host-local addresses from the node's podCIDR. */
export function cniConfig(podCIDR: string): string {
  return `${JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: 'mka-pods',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni0',
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: podCIDR }]], routes: [{ dst: '0.0.0.0/0' }] },
        },
      ],
    },
    null,
    2,
  )}\n`;
}
