import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { isMinikubeadmError } from '../../../src/errors.js';
import { BUILTIN_TEMPLATES_DIR } from '../../../src/config/paths.js';
import { locateTemplate, renderTemplate } from '../../../src/render/templates.js';

async function dirs(files: { builtin?: Record<string, string>; user?: Record<string, string> }) {
  const root = await mkdtemp(join(tmpdir(), 'mka-tpl-'));
  const builtinTemplatesDir = join(root, 'builtin');
  const userTemplatesDir = join(root, 'user');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(builtinTemplatesDir);
  await mkdir(userTemplatesDir);
  for (const [name, text] of Object.entries(files.builtin ?? {})) await writeFile(join(builtinTemplatesDir, name), text);
  for (const [name, text] of Object.entries(files.user ?? {})) await writeFile(join(userTemplatesDir, name), text);
  return { builtinTemplatesDir, userTemplatesDir };
}

test('the built-in template is used when the user has no copy', async (t) => {
  const d = await dirs({ builtin: { 'a.yaml.hbs': 'x: {{q v}}\n' } });
  const r = await renderTemplate('a.yaml.hbs', { v: 'hi' }, d);
  t.is(r.text, 'x: "hi"\n');
  t.false(r.file.user);
  t.is(r.file.path, join(d.builtinTemplatesDir, 'a.yaml.hbs'));
});

test('a user copy in --templates-dir wins', async (t) => {
  const d = await dirs({ builtin: { 'a.yaml.hbs': 'x: {{q v}}\n' }, user: { 'a.yaml.hbs': 'y: {{q v}}\n' } });
  const r = await renderTemplate('a.yaml.hbs', { v: 'hi' }, d);
  t.is(r.text, 'y: "hi"\n');
  t.true(r.file.user);
});

test('no user dir configured → built-in', async (t) => {
  const d = await dirs({ builtin: { 'a.yaml.hbs': 'x: 1\n' }, user: { 'a.yaml.hbs': 'y: 1\n' } });
  t.is((await renderTemplate('a.yaml.hbs', {}, { builtinTemplatesDir: d.builtinTemplatesDir })).text, 'x: 1\n');
});

const templateError = test.macro({
  async exec(t, source: string, data: unknown, pattern: RegExp) {
    const d = await dirs({ builtin: { 'a.yaml.hbs': 'ok: 1\n' }, user: { 'a.yaml.hbs': source } });
    const e = await t.throwsAsync(renderTemplate('a.yaml.hbs', data, d));
    t.true(isMinikubeadmError(e));
    t.is((e as { code?: string }).code, 'TEMPLATE_INVALID');
    t.true(e!.message.includes(`user template "${join(d.userTemplatesDir, 'a.yaml.hbs')}"`), e!.message);
    t.regex(e!.message, pattern);
    t.regex((e as { hint?: string }).hint ?? '', /--templates-dir/);
  },
  title: (title = '') => `TEMPLATE_INVALID: ${title}`,
});
test('syntax error', templateError, 'x: {{#if v}}1\n', {}, /syntax error/);
test('unknown variable (strict)', templateError, 'x: {{nope}}\n', { v: 1 }, /failed to render: "nope" not defined/);
test('missing value given to q', templateError, 'x: {{q nope}}\n', {}, /q expects a string.*missing field/);
test('unknown helper', templateError, 'x: {{shout v}}\n', { v: 'a' }, /shout/);
test('helper without a value', templateError, 'x: {{q}}\n', {}, /takes exactly one value/);

test('values are not HTML-escaped (noEscape)', async (t) => {
  const d = await dirs({ builtin: { 'a.yaml.hbs': 'x: {{q v}}\n' } });
  t.is((await renderTemplate('a.yaml.hbs', { v: '<a&b>' }, d)).text, 'x: "<a&b>"\n');
});

test('a changed template is recompiled (cache keyed by content)', async (t) => {
  const d = await dirs({ builtin: { 'a.yaml.hbs': 'x: 1\n' } });
  t.is((await renderTemplate('a.yaml.hbs', {}, d)).text, 'x: 1\n');
  await writeFile(join(d.builtinTemplatesDir, 'a.yaml.hbs'), 'x: 2\n');
  t.is((await renderTemplate('a.yaml.hbs', {}, d)).text, 'x: 2\n');
});

test('a missing template and names escaping the directory are refused', async (t) => {
  const d = await dirs({});
  const missing = await t.throwsAsync(locateTemplate('none.yaml.hbs', d));
  t.is((missing as { code?: string }).code, 'TEMPLATE_INVALID');
  for (const bad of ['../x.hbs', '/etc/passwd', 'a/../../x']) await t.throwsAsync(locateTemplate(bad, d));
});

test('the shipped templates exist: one static Pod template serves every component', async (t) => {
  for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']) {
    const file = await locateTemplate([`${name}.yaml.hbs`, 'static-pod.yaml.hbs'], {});
    t.false(file.user);
    t.is(file.path, join(BUILTIN_TEMPLATES_DIR, 'static-pod.yaml.hbs'));
    t.true(file.source.includes('kind: Pod'));
  }
});

test('a user copy under a component name overrides that component only; static-pod.yaml.hbs overrides all', async (t) => {
  const d = await dirs({ builtin: { 'static-pod.yaml.hbs': 'builtin' }, user: { 'etcd.yaml.hbs': 'mine' } });
  t.is((await locateTemplate(['etcd.yaml.hbs', 'static-pod.yaml.hbs'], d)).source, 'mine');
  t.is((await locateTemplate(['kube-scheduler.yaml.hbs', 'static-pod.yaml.hbs'], d)).source, 'builtin');
  const all = await dirs({ builtin: { 'static-pod.yaml.hbs': 'builtin' }, user: { 'static-pod.yaml.hbs': 'all of mine' } });
  t.is((await locateTemplate(['kube-scheduler.yaml.hbs', 'static-pod.yaml.hbs'], all)).source, 'all of mine');
});
