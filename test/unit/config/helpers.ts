/** Run the real config pipeline on YAML text in a temp dir, with a pinned host (name, address, token). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { type FieldIssue, ValidationError } from '../../../src/errors.js';
import type { ConfigFlags } from '../../../src/config/flags/table.js';
import type { LoadConfigOptions } from '../../../src/config/index.js';
import { type ConfigEnv, loadConfigImpl } from '../../../src/config/pipeline.js';
import type { Config } from '../../../src/config/types.js';
import { memoryLogger } from '../../../src/log.js';

export const HOST_ADDRESS = '192.0.2.10';
export const GENERATED_TOKEN = 'gen123.generatedtoken01';

export interface Loaded {
  config: Config;
  warnings: string;
  dir: string;
  file: string | undefined;
}

export interface LoadOptions {
  flags?: ConfigFlags;
  command?: LoadConfigOptions['command'];
  env?: Partial<ConfigEnv>;
  kubernetesDir?: string;
  allowDeprecatedAPI?: boolean;
  readRemovedAPI?: boolean;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mka-config-'));
}

/** Load `yaml` (or only flags when `yaml` is undefined) through the whole pipeline. */
export async function load(yaml: string | undefined, opts: LoadOptions = {}): Promise<Loaded> {
  const dir = await tempDir();
  const file = yaml === undefined ? undefined : join(dir, 'cluster.yaml');
  if (file !== undefined && yaml !== undefined) await writeFile(file, yaml);
  const { log, out } = memoryLogger();
  const env: Partial<ConfigEnv> = {
    hostname: () => 'Node-1',
    detectAddress: async () => HOST_ADDRESS,
    generateToken: () => GENERATED_TOKEN,
    cwd: dir,
    log,
    ...opts.env,
  };
  const config = await loadConfigImpl(
    {
      file,
      flags: opts.flags,
      kubernetesDir: opts.kubernetesDir ?? join(dir, 'k8s'),
      command: opts.command ?? 'init',
      allowDeprecatedAPI: opts.allowDeprecatedAPI,
      readRemovedAPI: opts.readRemovedAPI,
    },
    env,
  );
  return { config, warnings: out(), dir, file };
}

/** The issues of a load that must fail with a ValidationError. */
export async function issuesOf(t: ExecutionContext, yaml: string | undefined, opts: LoadOptions = {}): Promise<readonly FieldIssue[]> {
  const err = await t.throwsAsync(load(yaml, opts), { instanceOf: ValidationError });
  return (err as ValidationError).issues;
}

export const V4 = 'apiVersion: kubeadm.k8s.io/v1beta4';
export const V3 = 'apiVersion: kubeadm.k8s.io/v1beta3';
export const doc = (kind: string, body = '', version = V4): string => `${version}\nkind: ${kind}\n${body}`;
