/**
 * The installed CLI is the bundle (dist/bundle/minikubeadm.js, package.json "bin"): it writes the
 * same offline tree as the unbundled build, a --templates-dir copy still replaces a precompiled
 * built-in template (compiled at run time), and the packed package carries the bundle, templates and
 * examples and runs from its own directory with no node_modules at all.
 */
import test from 'ava';
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { ONLINE_PHASES } from '../helpers/offline-init.js';

const BUNDLE = join(PROJECT_ROOT, 'dist', 'bundle', 'minikubeadm.js');
const UNBUNDLED = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const CONFIG = [
  'apiVersion: kubeadm.k8s.io/v1beta4',
  'kind: InitConfiguration',
  'localAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}',
  'nodeRegistration: {name: node-1}',
  '---',
  'apiVersion: kubeadm.k8s.io/v1beta4',
  'kind: ClusterConfiguration',
  'encryptionAlgorithm: ECDSA-P256',
  '',
].join('\n');

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  await walk(dir);
  return out.sort();
}

async function offlineInit(cli: string, extra: string[] = []): Promise<{ dir: string; stdout: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-bundle-'));
  await writeFile(join(dir, 'cluster.yaml'), CONFIG);
  const r = await execa('node', [cli, 'init', '--config', join(dir, 'cluster.yaml'), '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet'), '--skip-phases', ONLINE_PHASES, ...extra], { reject: false });
  if (r.exitCode !== 0) throw new Error(`${cli} failed (${r.exitCode}):\n${r.stderr}`);
  return { dir, stdout: r.stdout.replaceAll(dir, '<dir>') };
}

test('the bundle writes the same offline tree and log as the unbundled CLI', async (t) => {
  const [bundled, plain] = await Promise.all([offlineInit(BUNDLE), offlineInit(UNBUNDLED)]);
  t.is(bundled.stdout, plain.stdout);
  t.deepEqual(await files(bundled.dir), await files(plain.dir));
  for (const m of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    const read = async (dir: string) => (await readFile(join(dir, 'k', 'manifests', `${m}.yaml`), 'utf8')).replaceAll(dir, '<dir>');
    t.is(await read(bundled.dir), await read(plain.dir), m);
  }
});

test('a --templates-dir copy replaces the precompiled built-in template in the bundle', async (t) => {
  const templates = await mkdtemp(join(tmpdir(), 'mka-bundle-templates-'));
  const builtin = await readFile(join(PROJECT_ROOT, 'templates', 'static-pod.yaml.hbs'), 'utf8');
  const changed = builtin.replace(/^(\s*)priorityClassName:/m, '$1terminationGracePeriodSeconds: 7\n$1priorityClassName:');
  t.not(changed, builtin, 'the test edits the template');
  await writeFile(join(templates, 'etcd.yaml.hbs'), changed);
  const { dir } = await offlineInit(BUNDLE, ['--templates-dir', templates]);
  t.regex(await readFile(join(dir, 'k', 'manifests', 'etcd.yaml'), 'utf8'), /terminationGracePeriodSeconds: 7/);
  t.notRegex(await readFile(join(dir, 'k', 'manifests', 'kube-apiserver.yaml'), 'utf8'), /terminationGracePeriodSeconds/);
});

test('the packed package holds the bundle, templates and examples, and runs with no node_modules', async (t) => {
  const pack = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT });
  const listed = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  t.true(listed.includes(pkg.bin['minikubeadm']!), 'the bin is packed');
  t.true(listed.includes('templates/static-pod.yaml.hbs'));
  t.true(listed.includes('examples/single-node.yaml'));
  t.false(listed.some((f) => f.startsWith('dist/src/') || f.startsWith('dist/test/') || f.startsWith('src/')), 'only the bundle is shipped');

  // The packed files alone, as npx unpacks them (dependencies are inside the bundle).
  const root = await mkdtemp(join(tmpdir(), 'mka-packed-'));
  for (const f of listed) {
    await mkdir(join(root, f, '..'), { recursive: true });
    await cp(join(PROJECT_ROOT, f), join(root, f));
  }
  const bin = join(root, pkg.bin['minikubeadm']!);
  const version = await execa('node', [bin, 'version', '-o', 'json']);
  t.is((JSON.parse(version.stdout) as { minikubeadmVersion: string }).minikubeadmVersion, (JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  const dir = await mkdtemp(join(tmpdir(), 'mka-packed-run-'));
  await writeFile(join(dir, 'cluster.yaml'), CONFIG);
  const r = await execa('node', [bin, 'init', 'phase', 'etcd', 'local', '--config', join(dir, 'cluster.yaml'), '--kubernetes-dir', dir], { reject: false });
  t.is(r.exitCode, 0, r.stderr);
  t.regex(await readFile(join(dir, 'manifests', 'etcd.yaml'), 'utf8'), /^kind: Pod$/m);
});
