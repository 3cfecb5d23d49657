// The node images: for every image our manifests reference, which cached binaries go into it. The
// names and tags are not written down here: they are read from what `minikubeadm init --dry-run`
// prints for the test config (the static Pods' and addons' `image:` lines, and the kubelet's
// --pod-infra-container-image before v1.35) and from `config images list` (pause), so the images
// follow whatever version minikubeadm targets.
// Built images are cached as docker-archive tarballs and rebuilt only when an input changed.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { etcdBinDir, imageCacheDir, kubernetesBinDir } from '../harness/paths.js';
import { type ImageSpec, specKey, writeImageArchive } from './archive.js';

const BUILDER_VERSION = '1';
const XTABLES_MODULES = '/usr/lib/x86_64-linux-gnu/xtables';

/** Components we can build an image for; CoreDNS has no source or package here. */
export type ImageComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy' | 'etcd' | 'pause';
const COMPONENTS: readonly ImageComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'etcd', 'pause'];

export interface ImageRefs {
  /** Component → repo:tag, for the components we build. */
  byComponent: Partial<Record<ImageComponent, string>>;
  /** References we cannot build (e.g. CoreDNS). */
  unbuildable: string[];
}

/** The image references in `minikubeadm init --dry-run -v 1` output, plus `listed` ones (`config images list`). */
export function imageRefsFromDryRun(output: string, listed: readonly string[] = []): ImageRefs {
  const refs = new Set<string>(listed.map((l) => l.trim()));
  for (const m of output.matchAll(/^\s*image:\s*"?([^\s"]+)"?\s*$/gm)) refs.add(m[1]!);
  for (const m of output.matchAll(/--pod-infra-container-image=([^\s"]+)/g)) refs.add(m[1]!);
  return imageRefsOf(refs);
}

/** Image references (repo:tag) sorted by the component their last path segment names. */
export function imageRefsOf(refs: Iterable<string>): ImageRefs {
  const byComponent: Partial<Record<ImageComponent, string>> = {};
  const unbuildable: string[] = [];
  for (const ref of refs) {
    const repo = ref.slice(0, ref.lastIndexOf(':'));
    const last = repo.slice(repo.lastIndexOf('/') + 1) as ImageComponent;
    if (COMPONENTS.includes(last)) byComponent[last] = ref;
    else unbuildable.push(ref);
  }
  return { byComponent, unbuildable };
}

function xtablesFiles(): ImageSpec['files'] {
  const files: ImageSpec['files'] = [{ from: '/usr/sbin/xtables-nft-multi', to: '/usr/sbin/xtables-nft-multi' }];
  if (existsSync(XTABLES_MODULES)) {
    for (const name of readdirSync(XTABLES_MODULES).filter((n) => n.endsWith('.so')).sort()) files.push({ from: join(XTABLES_MODULES, name), to: join(XTABLES_MODULES, name) });
  }
  return files;
}

const IPTABLES_TOOLS = ['iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'ip6tables-save', 'ip6tables-restore'];

/** What goes into the image of `component`, named `name`. */
export function imageSpec(component: ImageComponent, name: string): ImageSpec {
  const k8s = (bin: string) => ({ from: join(kubernetesBinDir(), bin), to: `/usr/local/bin/${bin}` });
  switch (component) {
    case 'pause':
      return { name, files: [{ from: join(kubernetesBinDir(), 'pause'), to: '/pause' }], entrypoint: ['/pause'] };
    case 'etcd':
      return { name, files: ['etcd', 'etcdctl', 'etcdutl'].filter((t) => existsSync(join(etcdBinDir(), t))).map((t) => ({ from: join(etcdBinDir(), t), to: `/usr/local/bin/${t}` })) };
    case 'kube-proxy':
      // iptables mode: the nft flavour of iptables (Debian's default) and its extension modules.
      return {
        name,
        files: [k8s('kube-proxy'), ...xtablesFiles()],
        links: Object.fromEntries(IPTABLES_TOOLS.map((t) => [`/usr/sbin/${t}`, 'xtables-nft-multi'])),
      };
    default:
      return { name, files: [k8s(component)] };
  }
}

export interface BuiltImage {
  component: ImageComponent;
  name: string;
  archive: string;
  /** False when the cached archive was reused. */
  built: boolean;
}

function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Builds (or reuses from the cache) the image of each referenced component. */
export async function ensureImages(refs: ImageRefs): Promise<BuiltImage[]> {
  const dir = imageCacheDir();
  mkdirSync(dir, { recursive: true });
  const out: BuiltImage[] = [];
  for (const component of COMPONENTS) {
    const name = refs.byComponent[component];
    if (!name) continue;
    const spec = imageSpec(component, name);
    for (const f of spec.files) if (!existsSync(f.from)) throw new Error(`${component} image: ${f.from} is missing (run test/e2e/provision/provision.sh)`);
    const key = specKey(spec, BUILDER_VERSION);
    const archive = join(dir, `${fileName(name)}.tar`);
    const keyFile = `${archive}.key`;
    let built = false;
    if (!existsSync(archive) || !existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== key) {
      await writeImageArchive(spec, archive);
      writeFileSync(keyFile, key);
      built = true;
    }
    out.push({ component, name, archive, built });
  }
  return out;
}
