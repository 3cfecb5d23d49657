/**
 * The hostile corpus: every file in test/fixtures/hostile/ is an input a careless operator or an
 * attacker could give (wrong types, duplicate documents and keys, unknown kinds and versions, alias
 * bombs, huge files, invalid UTF-8, binary garbage, prototype-polluting keys, values that try to
 * inject YAML or shell, path traversal, IPv6 edge cases, durations at and beyond the limits,
 * malformed tokens, hashes, endpoints and flags). Each runs through the real CLI and must exit with
 * its expected code (1), name the field or flag, say what is wrong, print no stack trace and write
 * nothing. Header: `# expect:` (field or flag), `# message:` (fragment), optional `# exit:`,
 * `# args:`, `# command: init|join|validate`, `# no-config: true`, `# pad-bytes: N` (the file is
 * grown to N bytes with a comment at run time, so huge inputs need not be stored).
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { caseHeader } from '../helpers/case-header.js';

const CORPUS = join(PROJECT_ROOT, 'test', 'fixtures', 'hostile');
const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
/** CLI runs at once: the corpus is long and CI machines have 2 cores. */
const PARALLEL = 3;

interface Case {
  bytes: Buffer;
  expect: string;
  message: string;
  exit: number;
  args: string[];
  command: 'init' | 'join' | 'validate';
  noConfig: boolean;
  padBytes: number | undefined;
}

export function parseCase(name: string, bytes: Buffer): Case {
  const { header, expect, message } = caseHeader(name, bytes.toString('utf8'));
  const command = header.get('command') ?? 'init';
  if (command !== 'init' && command !== 'join' && command !== 'validate') throw new Error(`${name}: unknown command ${command}`);
  return {
    bytes,
    expect,
    message,
    exit: Number(header.get('exit') ?? '1'),
    args: header.get('args')?.split(' ').filter(Boolean) ?? [],
    command,
    noConfig: header.get('no-config') === 'true',
    padBytes: header.has('pad-bytes') ? Number(header.get('pad-bytes')) : undefined,
  };
}

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const names = (await readdir(CORPUS)).filter((n) => n.endsWith('.yaml')).sort();
const figures = { tried: 0, rejectedCleanly: 0, slowest: 0, slowestCase: '' };

test('the hostile corpus has at least 150 cases', (t) => {
  t.true(names.length >= 150, `${names.length} files`);
});

for (const name of names) {
  test(`refuses ${name}`, async (t) => {
    const c = parseCase(name, await readFile(join(CORPUS, name)));
    const work = await mkdtemp(join(tmpdir(), 'mka-hostile-'));
    const kubernetesDir = join(work, 'k');
    const kubeletDir = join(work, 'kubelet');
    const file = join(work, name);
    const padding = c.padBytes === undefined ? Buffer.alloc(0) : Buffer.from(`#${'x'.repeat(Math.max(0, c.padBytes - c.bytes.length - 2))}\n`);
    await writeFile(file, Buffer.concat([c.bytes, padding]));
    const config = c.noConfig ? [] : ['--config', file];
    const argv =
      c.command === 'validate'
        ? ['config', 'validate', ...config, '--kubernetes-dir', kubernetesDir, ...c.args]
        : [c.command, ...config, '--kubernetes-dir', kubernetesDir, '--kubelet-dir', kubeletDir, ...c.args];
    let ms = 0;
    const r = await slot(async () => {
      const started = Date.now();
      const result = await execa('node', [CLI, ...argv], { reject: false, cwd: work, timeout: 60_000, input: '' });
      ms = Date.now() - started;
      return result;
    });
    figures.tried++;
    if (ms > figures.slowest) Object.assign(figures, { slowest: ms, slowestCase: name });
    const stderr = String(r.stderr);
    t.is(r.exitCode, c.exit, `exit ${r.exitCode}:\n${stderr}`);
    t.true(stderr.includes(c.expect), `stderr does not name ${c.expect}:\n${stderr.slice(0, 2000)}`);
    t.true(stderr.includes(c.message), `stderr does not say "${c.message}":\n${stderr.slice(0, 2000)}`);
    t.notRegex(stderr, /^\s+at .+:\d+:\d+\)?$/m, 'stack trace printed');
    t.notRegex(stderr, /unexpected error/);
    t.deepEqual((await readdir(work)).sort(), [name], 'nothing written');
    figures.rejectedCleanly++;
  });
}

test.after.always('figures', (t) => {
  t.log(`${figures.tried} cases tried, ${figures.rejectedCleanly} rejected cleanly, slowest run ${figures.slowest} ms (${figures.slowestCase}, ${PARALLEL} runs at a time)`);
});
