/**
 * The layers of the code, checked on every import (static, dynamic and type-only) of src/ and
 * phases/: base (errors, log, progress, read-file, wait, yaml, net/) → config (and versions/, the
 * version table) → domain builders and adapters →
 * workflow → workflow bodies (src/init/) → phases and the CLI. Imports point down only, and only the
 * workflow bodies, the workflow itself, phases/ and src/cli/ see the run context.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../../src/config/paths.js';

type Layer = 'base' | 'config' | 'domain' | 'workflow' | 'body' | 'top';
const RANK: Readonly<Record<Layer, number>> = { base: 0, config: 1, domain: 2, workflow: 3, body: 4, top: 5 };
const BASE_FILES = ['src/errors.ts', 'src/log.ts', 'src/progress.ts', 'src/read-file.ts', 'src/wait.ts', 'src/yaml.ts'];
const BODY_DIRS = ['src/init/', 'src/join/', 'src/reset/', 'src/upgrade/'];
const CONTEXT = 'src/workflow/context.ts';

function layerOf(file: string): Layer {
  if (BASE_FILES.includes(file) || file.startsWith('src/net/')) return 'base';
  if (file.startsWith('src/config/') || file.startsWith('src/versions/')) return 'config';
  if (file.startsWith('src/workflow/')) return 'workflow';
  if (BODY_DIRS.some((d) => file.startsWith(d))) return 'body';
  if (file.startsWith('phases/') || file.startsWith('src/cli/')) return 'top';
  return 'domain';
}

function sources(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

/** Every relative import of a source file, as project paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => relative(PROJECT_ROOT, resolve(PROJECT_ROOT, dirname(file), m[2]!)).replace(/\.js$/, '.ts'));
}

const FILES = [...sources('src'), ...sources('phases')];

test('imports point down the layers only', (t) => {
  const upward: string[] = [];
  for (const file of FILES) {
    for (const target of importsOf(file)) {
      if (RANK[layerOf(target)] > RANK[layerOf(file)]) upward.push(`${file} (${layerOf(file)}) imports ${target} (${layerOf(target)})`);
    }
  }
  t.deepEqual(upward, []);
});

test('only the workflow bodies, the workflow, phases/ and src/cli/ see the run context', (t) => {
  const seeing = FILES.filter((f) => importsOf(f).includes(CONTEXT));
  t.true(seeing.length > 10, 'the check finds the imports');
  t.deepEqual(seeing.filter((f) => !['workflow', 'body', 'top'].includes(layerOf(f))), []);
});

test('every import names a file that exists', (t) => {
  const all = new Set(FILES);
  const missing = FILES.flatMap((f) => importsOf(f).filter((i) => !all.has(i)).map((i) => `${f} → ${i}`));
  t.deepEqual(missing, []);
});
