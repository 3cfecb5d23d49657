import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Fs } from '../../../src/host/fs.js';
import { renderObjects, writeRendered } from '../../../src/render/pipeline.js';
import { HOSTILE_VALUES } from './corpus.js';

async function builtin(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-pipe-'));
  await mkdir(join(dir, 'addon'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{q name}}\n  labels:\n    app: {{q name}}\ndata:\n  value: {{q value}}\n';

test('renders, parses, validates and serialises canonically', async (t) => {
  const dir = await builtin({ 'cm.yaml.hbs': CONFIGMAP });
  const r = await renderObjects('cm.yaml.hbs', { name: 'x', value: 'v' }, { builtinTemplatesDir: dir });
  t.deepEqual(r.objects, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { app: 'x' } }, data: { value: 'v' } }]);
  t.is(r.text, 'apiVersion: v1\ndata:\n  value: v\nkind: ConfigMap\nmetadata:\n  labels:\n    app: x\n  name: x\n');
});

test('multi-document templates in subdirectories (addons)', async (t) => {
  const dir = await builtin({ 'addon/objs.yaml.hbs': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{q name}}\n---\n' + CONFIGMAP });
  const r = await renderObjects('addon/objs.yaml.hbs', { name: 'n', value: 'v' }, { builtinTemplatesDir: dir }, { kinds: ['ServiceAccount', 'ConfigMap'] });
  t.deepEqual(r.objects.map((o) => o.kind), ['ServiceAccount', 'ConfigMap']);
  t.true(r.text.includes('\n---\n'));
});

test('hostile values come out as the same strings and add no structure', async (t) => {
  const dir = await builtin({ 'cm.yaml.hbs': CONFIGMAP });
  for (const value of HOSTILE_VALUES) {
    const r = await renderObjects('cm.yaml.hbs', { name: 'x', value }, { builtinTemplatesDir: dir }, { kinds: ['ConfigMap'] });
    t.deepEqual(r.objects, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { app: 'x' } }, data: { value } }], JSON.stringify(value));
  }
});

const renderInvalid = test.macro({
  async exec(t, template: string, pattern: RegExp, kinds?: string[]) {
    const dir = await builtin({ 't.yaml.hbs': template });
    const e = await t.throwsAsync(renderObjects('t.yaml.hbs', { name: 'x', value: 'v' }, { builtinTemplatesDir: dir }, kinds ? { kinds } : {}));
    t.is((e as { code?: string }).code, 'RENDER_INVALID');
    t.true(e!.message.startsWith(`built-in template "${join(dir, 't.yaml.hbs')}"`), e!.message);
    t.regex(e!.message, pattern);
  },
  title: (title = '') => `RENDER_INVALID: ${title}`,
});
test('output that is not YAML', renderInvalid, 'apiVersion: v1\nkind: ConfigMap\ndata: {{name}}: [\n', /did not render valid YAML/);
test('an unquoted value that adds structure is caught by the schema', renderInvalid, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  value: {a: b}\n', /ConfigMap "x": data\.value: must be string/);
test('an unknown field', renderInvalid, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndat: {}\n', /ConfigMap "x": dat: unknown field/);
test('the wrong kind', renderInvalid, CONFIGMAP, /must render Pod, but rendered ConfigMap/, ['Pod']);
test('nothing at all', renderInvalid, '# empty\n', /must render Pod, but rendered nothing/, ['Pod']);

test('writeRendered writes through Fs with the mode, and leaves identical bytes alone', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-pipe-w-'));
  const fs = new Fs();
  const path = join(dir, 'sub', 'x.yaml');
  t.is(await writeRendered(fs, path, { text: 'a: 1\n' }, { mode: 0o600, dirMode: 0o700 }), 'created');
  t.is(await writeRendered(fs, path, { text: 'a: 1\n' }, { mode: 0o600, dirMode: 0o700 }), 'unchanged');
  t.is(await readFile(path, 'utf8'), 'a: 1\n');
});
