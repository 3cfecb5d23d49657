import test from 'ava';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPathFlags, pathFlagProblem, realLocation } from '../../../src/cli/path-flags.js';
import { MinikubeadmError } from '../../../src/errors.js';

test('relative directory flags are fine (resolved against the working directory)', (t) => {
  t.notThrows(() => checkPathFlags({ kubernetesDir: './out', kubeletDir: 'out/kubelet', kubeconfigDir: '../x', templatesDir: 'tpl' }, '/tmp'));
  t.notThrows(() => checkPathFlags({}, '/tmp'));
});

const refused = test.macro({
  exec(t, flags: Parameters<typeof checkPathFlags>[0], flag: string, fragment: string) {
    const err = t.throws(() => checkPathFlags(flags, '/tmp'), { instanceOf: MinikubeadmError });
    t.is(err!.code, 'FLAG_INVALID');
    t.true(err!.message.includes(`${flag}: `) && err!.message.includes(fragment), err!.message);
    t.regex(err!.hint ?? '', /real filesystem/);
  },
  title: (_t, _f, flag: string, fragment: string) => `${flag} is refused: ${fragment}`,
});
test(refused, { kubernetesDir: '/proc/foo' }, '--kubernetes-dir', '"/proc/foo" is under /proc');
test(refused, { kubeletDir: '/sys/kubelet' }, '--kubelet-dir', 'is under /sys');
test(refused, { kubeconfigDir: '/proc' }, '--kubeconfig-dir', 'is under /proc');
test(refused, { templatesDir: '/tmp/../proc/x' }, '--templates-dir', 'is under /proc');
test(refused, { kubernetesDir: '../../../../proc/x' }, '--kubernetes-dir', 'is under /proc');
test(refused, { kubernetesDir: '' }, '--kubernetes-dir', 'must not be empty');

test('every bad flag is named at once', (t) => {
  const err = t.throws(() => checkPathFlags({ kubernetesDir: '/proc/a', kubeletDir: '/sys/b' }, '/tmp'));
  t.deepEqual(err!.message.split('\n').map((l) => l.split(':')[0]), ['--kubernetes-dir', '--kubelet-dir']);
});

test('a symbolic link into /proc is followed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-pathflags-'));
  await symlink('/proc/self', join(dir, 'link'));
  t.regex(realLocation('link/out', dir), /^\/proc\/\d+\/out$/);
  t.regex(pathFlagProblem('link/out', dir) ?? '', /^"link\/out" is under \/proc \(it leads to "\/proc\/\d+\/out"\)/);
  t.is(pathFlagProblem('out', dir), undefined);
  t.is(realLocation('not/yet/there', dir), join(dir, 'not/yet/there'));
});

test('a file given as --templates-dir is refused before anything is written', async (t) => {
  const { writeFile } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'mka-pathflags-'));
  const file = join(dir, 'not-a-dir');
  await writeFile(file, 'x');
  const err = t.throws(() => checkPathFlags({ templatesDir: file }, dir), { instanceOf: MinikubeadmError });
  t.is(err!.message, `--templates-dir: ${JSON.stringify(file)} is a file, not a directory`);
  t.is(pathFlagProblem(join(dir, 'absent'), dir), undefined);
  t.is(pathFlagProblem(dir, dir), undefined);
});
