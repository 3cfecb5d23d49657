/**
 * From run context to files: gather the host facts the builders need (extra CA directories,
 * proxy variables, external CA mode), render a static Pod through the template pipeline and write
 * `<manifestsDir>/<name>.yaml` (0600, directory 0700). Heavy modules load on first use.
 */
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { Rendered } from '../render/pipeline.js';
import type { RunContext } from '../workflow/context.js';
import { proxyEnvVars } from './env.js';
import type { BuiltPod, ManifestInputs } from './pod.js';
import { CA_CERTS_EXTRA_PATHS } from './volumes.js';

export const MANIFEST_MODE = 0o600;
export const MANIFESTS_DIR_MODE = 0o700;
export const ETCD_DATA_DIR_MODE = 0o700;

export interface HostProbes {
  /** Whether a path exists on this host; defaults to `ctx.fs.exists`. */
  exists?: (path: string) => Promise<boolean>;
  /** The environment proxy variables are taken from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** ManifestInputs for `init` on this host. */
export async function initManifestInputs(ctx: RunContext, host: HostProbes = {}): Promise<ManifestInputs> {
  const exists = host.exists ?? ((p: string) => ctx.fs.exists(p));
  const existingCADirs: string[] = [];
  for (const dir of CA_CERTS_EXTRA_PATHS) if (await exists(dir)) existingCADirs.push(dir);
  const caCrt = join(ctx.paths.certificatesDir, 'ca.crt');
  const caKey = join(ctx.paths.certificatesDir, 'ca.key');
  const { init, cluster } = ctx.config;
  return {
    cluster,
    endpoint: init.localAPIEndpoint,
    nodeName: init.nodeRegistration.name,
    // kubeadm writes IfNotPresent into static pods; nodeRegistration.imagePullPolicy governs image pulls.
    imagePullPolicy: 'IfNotPresent',
    healthCheckTimeout: init.timeouts.controlPlaneComponentHealthCheck,
    paths: ctx.paths,
    existingCADirs,
    proxyEnv: proxyEnvVars(host.env ?? process.env),
    externalCA: (await exists(caCrt)) && !(await exists(caKey)),
  };
}

export function manifestPath(ctx: Pick<RunContext, 'paths'>, name: string): string {
  return join(ctx.paths.manifestsDir, `${name}.yaml`);
}

/** Render `<name>.yaml.hbs` with the Pod's data and check it is one valid Pod; nothing is written. */
export async function renderStaticPod(ctx: RunContext, log: Logger, built: BuiltPod): Promise<Rendered> {
  const { renderObjects } = await import('../render/pipeline.js');
  for (const w of built.warnings) log.warn(w);
  for (const d of built.details) log.debug(1, d);
  return renderObjects(
    `${built.pod.name}.yaml.hbs`,
    built.pod,
    { userTemplatesDir: ctx.paths.userTemplatesDir, builtinTemplatesDir: ctx.paths.builtinTemplatesDir, reader: ctx.fs },
    { kinds: ['Pod'] },
  );
}

/** Write a rendered manifest as `<manifestsDir>/<name>.yaml`; returns the path. */
export async function writeManifest(ctx: RunContext, log: Logger, name: string, rendered: Pick<Rendered, 'text'>): Promise<string> {
  const path = manifestPath(ctx, name);
  await ctx.fs.write(path, rendered.text, { mode: MANIFEST_MODE, dirMode: MANIFESTS_DIR_MODE });
  log.debug(1, `wrote static Pod manifest for component "${name}" to "${path}"`);
  return path;
}

/** Render, check and write one static Pod manifest; returns the path. */
export async function writeStaticPod(ctx: RunContext, log: Logger, built: BuiltPod): Promise<string> {
  return writeManifest(ctx, log, built.pod.name, await renderStaticPod(ctx, log, built));
}
