/**
 * Every file in test/fixtures/bad-configs/ holds one problem. The real CLI must refuse it with exit
 * code 1, name the field (or flag) and say what is wrong, print no stack trace and write nothing.
 * Header: `# expect: <path>`, `# message: <fragment>`, optional `# args: <extra flags>`,
 * `# command: validate` (run `config validate`), `# no-config: true` (flags only). The extra flags come
 * after the temporary --kubernetes-dir and --kubelet-dir, so they may override them (the last value wins).
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { caseHeader } from '../helpers/case-header.js';

const CORPUS = join(PROJECT_ROOT, 'test', 'fixtures', 'bad-configs');
const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

interface Case {
  file: string;
  expect: string;
  message: string;
  args: string[];
  command: 'init' | 'validate';
  noConfig: boolean;
}

async function loadCase(name: string): Promise<Case> {
  const file = join(CORPUS, name);
  const text = await readFile(file, 'utf8');
  const { header, expect, message } = caseHeader(name, text);
  return {
    file,
    expect,
    message,
    args: header.get('args')?.split(' ').filter(Boolean) ?? [],
    command: header.get('command') === 'validate' ? 'validate' : 'init',
    noConfig: header.get('no-config') === 'true',
  };
}

const names = (await readdir(CORPUS)).filter((n) => n.endsWith('.yaml')).sort();

test('the corpus has at least 30 bad configs', (t) => {
  t.true(names.length >= 30, `${names.length} files`);
});

for (const name of names) {
  test.serial(`refuses ${name}`, async (t) => {
    const c = await loadCase(name);
    const kubernetesDir = await mkdtemp(join(tmpdir(), 'mka-bad-k8s-'));
    const kubeletDir = await mkdtemp(join(tmpdir(), 'mka-bad-kubelet-'));
    const config = c.noConfig ? [] : ['--config', c.file];
    const argv =
      c.command === 'validate'
        ? ['config', 'validate', ...config, '--kubernetes-dir', kubernetesDir, ...c.args]
        : ['init', ...config, '--kubernetes-dir', kubernetesDir, '--kubelet-dir', kubeletDir, ...c.args];
    const r = await execa('node', [CLI, ...argv], { reject: false, cwd: kubernetesDir });
    t.is(r.exitCode, 1, r.stderr);
    t.true(r.stderr.includes(c.expect), `stderr does not name ${c.expect}:\n${r.stderr}`);
    t.true(r.stderr.includes(c.message), `stderr does not say "${c.message}":\n${r.stderr}`);
    if (!c.noConfig && c.args.length === 0) t.true(r.stderr.includes(`(${c.file}:`), `no file:line in:\n${r.stderr}`);
    t.notRegex(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'stack trace printed');
    t.notRegex(r.stderr, /unexpected error/);
    t.deepEqual(await readdir(kubernetesDir), []);
    t.deepEqual(await readdir(kubeletDir), []);
  });
}
