/**
 * The render pipeline shared by static Pod manifests and addons:
 * template → text → parsed objects → schema check (types and unknown fields) → canonical YAML.
 * Nothing is written until every document passed; `writeRendered` then writes through ctx.fs.
 */
import { MinikubeadmError, messageOf } from '../errors.js';
import type { Fs, WriteResult } from '../host/fs.js';
import type { KubeObject } from '../kube/objects/types.js';
import { parseDocuments, serializeDocuments } from './documents.js';
import { schemaIssues } from './schema.js';
import { type TemplateFile, type TemplateName, type TemplateOptions, describeTemplate, renderTemplate } from './templates.js';

export interface Rendered {
  /** The template file used (user or built-in). */
  file: TemplateFile;
  /** Parsed, validated objects, in template order. */
  objects: KubeObject[];
  /** Canonical YAML of `objects` (multi-document when there are several). */
  text: string;
}

export interface RenderExpectations {
  /** Kinds the output must consist of, in order (e.g. `['Pod']`); checked when given. */
  kinds?: readonly string[];
}

function renderError(file: TemplateFile, message: string, cause?: unknown): MinikubeadmError {
  return new MinikubeadmError('RENDER_INVALID', `${describeTemplate(file)} ${message}`, {
    cause,
    hint: file.user
      ? 'fix your copy of the template in --templates-dir (or remove it to use the built-in one)'
      : 'this is a bug in minikubeadm, or a config value the template cannot express; please report it',
  });
}

/** Check already-parsed objects against their schemas; throws RENDER_INVALID listing every problem. */
async function validateObjects(file: TemplateFile, objects: readonly KubeObject[]): Promise<void> {
  const problems: string[] = [];
  for (const [i, object] of objects.entries()) {
    const name = (object['metadata'] as { name?: unknown } | undefined)?.name;
    const label = `${object.kind}${typeof name === 'string' ? ` "${name}"` : objects.length > 1 ? ` #${i + 1}` : ''}`;
    for (const issue of await schemaIssues(object)) problems.push(`${label}: ${issue.path}: ${issue.message}`);
  }
  if (problems.length > 0) {
    throw renderError(file, `produced objects that do not match the Kubernetes schema:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Render, parse and validate a template; returns the objects and their canonical YAML. */
export async function renderObjects(
  name: TemplateName,
  data: unknown,
  options: TemplateOptions,
  expect: RenderExpectations = {},
): Promise<Rendered> {
  const { file, text } = await renderTemplate(name, data, options);
  let objects: KubeObject[];
  try {
    objects = parseDocuments(text);
  } catch (e) {
    throw renderError(file, `did not render valid YAML: ${messageOf(e)}`, e);
  }
  if (expect.kinds) {
    const got = objects.map((o) => o.kind);
    if (got.length !== expect.kinds.length || got.some((k, i) => k !== expect.kinds![i])) {
      throw renderError(file, `must render ${expect.kinds.join(', ')}, but rendered ${got.length ? got.join(', ') : 'nothing'}`);
    }
  }
  await validateObjects(file, objects);
  return { file, objects, text: serializeDocuments(objects) };
}

export interface WriteRenderedOptions {
  mode: number;
  dirMode?: number;
}

/** Write rendered text through ctx.fs (atomic, mode set, untouched when the bytes are the same). */
export async function writeRendered(fs: Fs, path: string, rendered: Pick<Rendered, 'text'>, options: WriteRenderedOptions): Promise<WriteResult> {
  return fs.write(path, rendered.text, { mode: options.mode, dirMode: options.dirMode });
}
