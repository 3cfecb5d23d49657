// A docker-archive image writer (the format `docker save` writes and `ctr images import` reads):
// one layer tar holding the given files (plus the shared libraries `ldd` names for each dynamically
// linked one), an image config, and manifest.json naming the image's repo:tag. Layers are made with
// GNU tar in a reproducible way (sorted names, mtime 0, uid/gid 0).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ImageFile {
  /** File on this machine (symlinks are followed). */
  from: string;
  /** Absolute path inside the image. */
  to: string;
  /** Add the libraries `ldd` lists for it (default true for executables). */
  libs?: boolean;
}

export interface ImageSpec {
  /** repo:tag, exactly as manifests reference it. */
  name: string;
  files: ImageFile[];
  /** Symlinks inside the image: path → target. */
  links?: Record<string, string>;
  entrypoint?: string[];
  env?: string[];
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

function isElf(path: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(ELF_MAGIC);
}

/** Absolute paths of the shared objects (and the loader) a dynamically linked ELF file needs. */
export function sharedLibraries(path: string): string[] {
  if (!isElf(path)) return [];
  const r = spawnSync('ldd', [path], { encoding: 'utf8' });
  // A static binary: "not a dynamic executable" (exit 1).
  if (r.status !== 0) return [];
  const out: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Lays out the image's root file system in `root`. */
function stage(spec: ImageSpec, root: string): void {
  const files = new Map<string, string>();
  for (const f of spec.files) {
    files.set(f.to, f.from);
    if (f.libs !== false) for (const lib of sharedLibraries(f.from)) if (!files.has(lib)) files.set(lib, lib);
  }
  for (const dir of ['tmp', 'etc', 'var', 'run', 'proc', 'sys', 'dev']) mkdirSync(join(root, dir), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  for (const [to, from] of files) {
    const dest = join(root, to);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(realpathSync(from), dest);
    chmodSync(dest, statSync(from).mode & 0o777);
  }
  for (const [path, target] of Object.entries(spec.links ?? {})) {
    const dest = join(root, path);
    mkdirSync(dirname(dest), { recursive: true });
    symlinkSync(target, dest);
  }
}

/** Writes `spec` as a docker-archive tarball at `out` (atomically). */
export async function writeImageArchive(spec: ImageSpec, out: string): Promise<void> {
  const work = mkdtempSync(join(dirname(out), '.build-'));
  try {
    const root = join(work, 'root');
    const pack = join(work, 'pack');
    mkdirSync(root);
    mkdirSync(pack);
    stage(spec, root);
    const layerTmp = join(work, 'layer.tar');
    execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', root, '-cf', layerTmp, '.']);
    const layerSha = await sha256File(layerTmp);
    mkdirSync(join(pack, layerSha));
    renameSync(layerTmp, join(pack, layerSha, 'layer.tar'));
    const config = {
      architecture: 'amd64',
      os: 'linux',
      created: '1970-01-01T00:00:00Z',
      config: {
        Env: spec.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerSha}`] },
      history: [{ created: '1970-01-01T00:00:00Z', created_by: 'minikubeadm e2e image builder' }],
    };
    const configText = JSON.stringify(config);
    const configSha = createHash('sha256').update(configText).digest('hex');
    writeFileSync(join(pack, `${configSha}.json`), configText);
    writeFileSync(join(pack, 'manifest.json'), JSON.stringify([{ Config: `${configSha}.json`, RepoTags: [spec.name], Layers: [`${layerSha}/layer.tar`] }]));
    const tmpOut = join(work, 'image.tar');
    execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', pack, '-cf', tmpOut, ...readdirSync(pack)]);
    renameSync(tmpOut, out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What an image's content depends on: each source file's path, size and mtime, and the spec. */
export function specKey(spec: ImageSpec, builderVersion: string): string {
  const files = spec.files.map((f) => {
    const s = existsSync(f.from) ? statSync(f.from) : undefined;
    return [f.from, f.to, f.libs !== false, s?.size, s?.mtimeMs];
  });
  return createHash('sha256').update(JSON.stringify([builderVersion, spec.name, files, spec.links ?? {}, spec.entrypoint ?? [], spec.env ?? []])).digest('hex');
}
