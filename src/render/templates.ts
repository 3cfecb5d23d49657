/**
 * Finding, compiling and running Handlebars templates. A template is looked up in the user's
 * `--templates-dir` first, then in the built-in templates/ directory; a template may be known by
 * several names, most specific first (a component's own `kube-apiserver.yaml.hbs` before the shared
 * `static-pod.yaml.hbs`), so a user copy can override one component or all of them. Compilation uses
 * `noEscape: true, strict: true` (a missing variable is an error, not an empty string) and is
 * cached per file and content; the built-in templates of the bundled build arrive precompiled (only
 * Handlebars' small runtime is loaded for them). Any failure is a TEMPLATE_INVALID error naming the file.
 */
import { readRegularFile } from '../read-file.js';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { MinikubeadmError, messageOf } from '../errors.js';
import { BUILTIN_TEMPLATES_DIR } from '../config/paths.js';
import { PRECOMPILED } from './precompiled.js';
import { yamlInt, yamlJson, yamlQuote } from './quote.js';

export interface TemplateDirs {
  /** `--templates-dir`; a file there overrides the built-in template of the same relative name. */
  userTemplatesDir?: string | undefined;
  /** Defaults to the templates/ directory shipped with minikubeadm. */
  builtinTemplatesDir?: string;
}

/** How template files are read; phases pass `ctx.fs` so reads follow the same rules as writes. */
export interface TemplateReader {
  readText(path: string): Promise<string | undefined>;
}

export interface TemplateOptions extends TemplateDirs {
  reader?: TemplateReader;
}

export interface TemplateFile {
  /** Absolute path of the file used. */
  path: string;
  /** Its name relative to the templates directory it was found in (`coredns/Corefile.hbs`). */
  name: string;
  /** True when it came from `--templates-dir`. */
  user: boolean;
  source: string;
}

export interface RenderedTemplate {
  file: TemplateFile;
  text: string;
}

type Compiled = (data: unknown) => string;

/** The part of Handlebars' runtime used here (the package is imported lazily to keep start-up cheap). */
interface HandlebarsRuntime {
  create(): HandlebarsRuntime;
  registerHelper(name: string, fn: (...args: unknown[]) => unknown): void;
  template(spec: unknown): Compiled;
}

/** The full Handlebars, with its compiler: only for templates that were not precompiled. */
interface HandlebarsEnv extends HandlebarsRuntime {
  create(): HandlebarsEnv;
  parse(source: string): unknown;
  compile(source: string, options: { noEscape: boolean; strict: boolean }): Compiled;
}

const nodeReader: TemplateReader = {
  async readText(path) {
    return (await readRegularFile(path, 1024 * 1024))?.bytes.toString('utf8');
  },
};

/** Where a run's templates come from: its --templates-dir first, then the built-in ones, read through `reader`. */
export function templateOptions(paths: { userTemplatesDir: string | undefined; builtinTemplatesDir: string }, reader: TemplateReader): TemplateOptions {
  return { userTemplatesDir: paths.userTemplatesDir, builtinTemplatesDir: paths.builtinTemplatesDir, reader };
}

/** Describes a template file for messages: `user template "/x/etcd.yaml.hbs"`. */
export function describeTemplate(file: Pick<TemplateFile, 'path' | 'user'>): string {
  return `${file.user ? 'user' : 'built-in'} template "${file.path}"`;
}

function checkName(name: string): void {
  const clean = normalize(name);
  if (name === '' || isAbsolute(name) || clean.startsWith(`..${sep}`) || clean === '..' || clean.includes(`${sep}..${sep}`)) {
    throw new MinikubeadmError('INTERNAL', `template name "${name}" must be a relative path inside the templates directory`);
  }
}

/** A template's names, most specific first (`['kube-apiserver.yaml.hbs', 'static-pod.yaml.hbs']`), or one name. */
export type TemplateName = string | readonly string[];

/**
 * The file a template resolves to: the user's copy under the first of its names found there, else
 * the built-in one under the first of its names found there.
 */
export async function locateTemplate(name: TemplateName, options: TemplateOptions): Promise<TemplateFile> {
  const names = typeof name === 'string' ? [name] : name;
  for (const n of names) checkName(n);
  const reader = options.reader ?? nodeReader;
  const dirs: [string, boolean][] = [];
  if (options.userTemplatesDir) dirs.push([options.userTemplatesDir, true]);
  const builtinDir = options.builtinTemplatesDir ?? BUILTIN_TEMPLATES_DIR;
  dirs.push([builtinDir, false]);
  for (const [dir, user] of dirs) {
    for (const n of names) {
      const path = join(dir, n);
      const source = await reader.readText(path);
      if (source !== undefined) return { path, name: n, user, source };
    }
  }
  throw new MinikubeadmError('TEMPLATE_INVALID', `template "${names[names.length - 1]}" not found in ${builtinDir}`, {
    hint: 'the minikubeadm installation is incomplete: its templates/ directory must ship with it',
  });
}

let env: HandlebarsEnv | undefined;
let runtimeEnv: HandlebarsRuntime | undefined;
const cache = new Map<string, { source: string; compiled: Compiled }>();

/** The helpers every template may use: q, int, json. */
function withHelpers<T extends HandlebarsRuntime>(hb: T): T {
  // Helpers get Handlebars' options object as their last argument; one value is expected before it.
  const one = (name: string, fn: (v: unknown) => string) =>
    function helper(this: unknown, ...args: unknown[]): string {
      if (args.length !== 2) throw new Error(`helper "${name}" takes exactly one value, got ${args.length - 1}`);
      return fn(args[0]);
    };
  hb.registerHelper('q', one('q', yamlQuote));
  hb.registerHelper('int', one('int', yamlInt));
  hb.registerHelper('json', one('json', yamlJson));
  return hb;
}

async function handlebars(): Promise<HandlebarsEnv> {
  if (env) return env;
  const mod = (await import('handlebars')) as unknown as { default: HandlebarsEnv };
  return (env = withHelpers(mod.default.create()));
}

async function handlebarsRuntime(): Promise<HandlebarsRuntime> {
  if (runtimeEnv) return runtimeEnv;
  const mod = (await import('handlebars/runtime.js')) as unknown as { default: HandlebarsRuntime };
  return (runtimeEnv = withHelpers(mod.default.create()));
}

/** The precompiled spec of a built-in template, when it was compiled from exactly this source. */
function precompiledSpec(file: TemplateFile): unknown {
  if (file.user) return undefined;
  const pre = PRECOMPILED[file.name];
  if (!pre || pre.source !== file.source) return undefined;
  return pre.spec;
}

function templateError(file: TemplateFile, what: string, e: unknown): MinikubeadmError {
  return new MinikubeadmError('TEMPLATE_INVALID', `${describeTemplate(file)} ${what}: ${messageOf(e)}`, {
    cause: e,
    hint: file.user
      ? `fix the template, or remove it from --templates-dir to use the built-in one; values must go through {{q …}}, {{int …}} or {{json …}}`
      : 'this is a bug in minikubeadm; please report it with the command you ran',
  });
}

async function compile(file: TemplateFile): Promise<Compiled> {
  const hit = cache.get(file.path);
  if (hit && hit.source === file.source) return hit.compiled;
  const spec = precompiledSpec(file);
  if (spec !== undefined) {
    const compiled = (await handlebarsRuntime()).template(spec);
    cache.set(file.path, { source: file.source, compiled });
    return compiled;
  }
  const hb = await handlebars();
  let compiled: Compiled;
  try {
    // parse() first so a syntax error is reported as such, not at the first render.
    hb.parse(file.source);
    compiled = hb.compile(file.source, { noEscape: true, strict: true });
  } catch (e) {
    throw templateError(file, 'has a syntax error', e);
  }
  cache.set(file.path, { source: file.source, compiled });
  return compiled;
}

/** Render a template (names relative to the templates directories, e.g. `coredns/Corefile.hbs`) to text. */
export async function renderTemplate(name: TemplateName, data: unknown, options: TemplateOptions): Promise<RenderedTemplate> {
  const file = await locateTemplate(name, options);
  const compiled = await compile(file);
  try {
    return { file, text: compiled(data) };
  } catch (e) {
    throw templateError(file, 'failed to render', e);
  }
}
