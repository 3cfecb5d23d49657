/**
 * The installed CLI as one program instead of hundreds of modules: esbuild bundles src/cli/bin.ts
 * with every dependency into dist/bundle/ (the commands' lazily loaded parts, such as the API client,
 * the schema validators and the Handlebars compiler, become chunks loaded only by the commands that
 * use them), and the built-in templates are precompiled into it. Run after tsc: `npm run build`.
 */
import { build } from 'esbuild';
import { chmod, readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'dist', 'bundle');
const TEMPLATES = join(ROOT, 'templates');
/** Must be the options src/render/templates.ts compiles with. */
const COMPILE_OPTIONS = { noEscape: true, strict: true };

async function templateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? templateFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.hbs') ? [join(dir, e.name)] : []))));
  return nested.flat().sort();
}

/** The module that replaces src/render/precompiled.ts: every built-in template, precompiled. */
async function precompiledModule(): Promise<{ code: string; count: number }> {
  const files = await templateFiles(TEMPLATES);
  const rows = await Promise.all(
    files.map(async (file) => {
      const source = await readFile(file, 'utf8');
      const name = relative(TEMPLATES, file).split(sep).join('/');
      return `  ${JSON.stringify(name)}: { source: ${JSON.stringify(source)}, spec: ${Handlebars.precompile(source, COMPILE_OPTIONS)} },`;
    }),
  );
  return { code: `export const PRECOMPILED = {\n${rows.join('\n')}\n};\n`, count: files.length };
}

await rm(OUT, { recursive: true, force: true });
const precompiled = await precompiledModule();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { minikubeadm: 'src/cli/bin.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Packages' ES module builds where they have one (smaller, and tree-shaken).
  mainFields: ['module', 'main'],
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies call require(); give them one in every output file.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Dependencies mean the npm package, not Node's deprecated built-in of the same name.
  alias: { punycode: 'punycode/' },
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'linked',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'precompiled-templates',
      setup(b) {
        b.onLoad({ filter: /[\\/]src[\\/]render[\\/]precompiled\.ts$/ }, () => ({ contents: precompiled.code, loader: 'js' }));
      },
    },
  ],
});
await chmod(join(OUT, 'minikubeadm.js'), 0o755);
if (process.env['BUNDLE_META']) await (await import('node:fs/promises')).writeFile(process.env['BUNDLE_META'], JSON.stringify(result.metafile));
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
console.log(`bundle: ${Object.keys(result.metafile.inputs).length} modules into ${outputs.length} files in ${relative(ROOT, OUT)}/, ${precompiled.count} templates precompiled`);
