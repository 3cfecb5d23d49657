/**
 * From built Pod data to files: the host facts the builders need (extra CA directories, proxy
 * variables, external CA mode), rendering a static Pod through the template pipeline, and writing
 * `<manifestsDir>/<name>.yaml` (0600, directory 0700). Heavy modules load on first use.
 */
import { join } from 'node:path';
import { CA_BASE_NAME } from '../config/constants.js';
import type { Paths } from '../config/paths.js';
import type { Config } from '../config/types.js';
import type { Fs } from '../host/fs.js';
import type { Logger } from '../log.js';
import type { Rendered } from '../render/pipeline.js';
import type { TemplateOptions } from '../render/templates.js';
import { proxyEnvVars } from './env.js';
import type { BuiltPod, ManifestInputs } from './pod.js';
import { CA_CERTS_EXTRA_PATHS } from './volumes.js';

const MANIFEST_MODE = 0o600;
const MANIFESTS_DIR_MODE = 0o700;
export const ETCD_DATA_DIR_MODE = 0o700;
/** The template every static Pod falls back to; `<name>.yaml.hbs` in --templates-dir overrides one component. */
const STATIC_POD_TEMPLATE = 'static-pod.yaml.hbs';

/** What the manifest builders need to know about this host. */
export interface ManifestHost {
  /** Whether a path exists on this host. */
  exists(path: string): Promise<boolean>;
  /** The environment proxy variables are taken from. */
  env: Readonly<Record<string, string | undefined>>;
}

/** ManifestInputs for `init` on this host. */
export async function initManifestInputs(config: Config, paths: ManifestInputs['paths'], host: ManifestHost): Promise<ManifestInputs> {
  const existingCADirs: string[] = [];
  for (const dir of CA_CERTS_EXTRA_PATHS) if (await host.exists(dir)) existingCADirs.push(dir);
  const caCrt = join(paths.certificatesDir, `${CA_BASE_NAME}.crt`);
  const caKey = join(paths.certificatesDir, `${CA_BASE_NAME}.key`);
  const { init, cluster } = config;
  return {
    cluster,
    endpoint: init.localAPIEndpoint,
    nodeName: init.nodeRegistration.name,
    // kubeadm writes IfNotPresent into static pods; nodeRegistration.imagePullPolicy governs image pulls.
    imagePullPolicy: 'IfNotPresent',
    healthCheckTimeout: init.timeouts.controlPlaneComponentHealthCheck,
    paths,
    existingCADirs,
    proxyEnv: proxyEnvVars(host.env),
    externalCA: (await host.exists(caCrt)) && !(await host.exists(caKey)),
  };
}

export function manifestPath(paths: Pick<Paths, 'manifestsDir'>, name: string): string {
  return join(paths.manifestsDir, `${name}.yaml`);
}

/**
 * Render the Pod's template (`<name>.yaml.hbs` when the user has one, else `static-pod.yaml.hbs`)
 * and check it is one valid Pod; nothing is written. The builder's warnings are printed here.
 */
export async function renderStaticPod(built: BuiltPod, templates: TemplateOptions, log: Logger): Promise<Rendered> {
  const { renderObjects } = await import('../render/pipeline.js');
  for (const w of built.warnings) log.warn(w);
  for (const d of built.details) log.debug(1, d);
  return renderObjects([`${built.pod.name}.yaml.hbs`, STATIC_POD_TEMPLATE], built.pod, templates, { kinds: ['Pod'] });
}

/** Write a rendered manifest as `<manifestsDir>/<name>.yaml`; returns the path. */
export async function writeManifest(fs: Fs, paths: Pick<Paths, 'manifestsDir'>, name: string, rendered: Pick<Rendered, 'text'>, log: Logger): Promise<string> {
  const { writeRendered } = await import('../render/pipeline.js');
  const path = manifestPath(paths, name);
  await writeRendered(fs, path, rendered, { mode: MANIFEST_MODE, dirMode: MANIFESTS_DIR_MODE });
  log.debug(1, `wrote static Pod manifest for component "${name}" to "${path}"`);
  return path;
}
