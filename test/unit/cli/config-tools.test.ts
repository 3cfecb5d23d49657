/** config images list, config migrate, version -o and completion, through the real CLI. */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/config/constants.js';
import { releaseFor } from '../../../src/versions/release.js';

// The tags of the default version's row and of v1.31's, from the version table.
const DEFAULT_IMAGES = releaseFor(DEFAULT_KUBERNETES_VERSION).images;
const V131_IMAGES = releaseFor('v1.31.2').images;
import { CLI, runCli } from '../../helpers/cli.js';

async function tempDir(t: { teardown: (f: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-tools-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('config images list: kubeadm\'s order, the configured version and repository, -o json', async (t) => {
  const r = await runCli(['config', 'images', 'list']);
  t.is(r.exitCode, 0, r.stderr);
  t.deepEqual(r.stdout.split('\n'), [
    `registry.k8s.io/kube-apiserver:${DEFAULT_KUBERNETES_VERSION}`,
    `registry.k8s.io/kube-controller-manager:${DEFAULT_KUBERNETES_VERSION}`,
    `registry.k8s.io/kube-scheduler:${DEFAULT_KUBERNETES_VERSION}`,
    `registry.k8s.io/kube-proxy:${DEFAULT_KUBERNETES_VERSION}`,
    `registry.k8s.io/coredns/coredns:${DEFAULT_IMAGES.coreDNS}`,
    `registry.k8s.io/pause:${DEFAULT_IMAGES.pause}`,
    `registry.k8s.io/etcd:${DEFAULT_IMAGES.etcd}`,
  ]);
  const json = await runCli(['config', 'images', 'list', '--image-repository', 'registry.example.com/k8s', '--kubernetes-version', 'v1.31.2', '-o', 'json']);
  const obj = JSON.parse(json.stdout) as { kind: string; apiVersion: string; images: string[] };
  t.is(obj.kind, 'Images');
  t.is(obj.apiVersion, 'output.kubeadm.k8s.io/v1alpha3');
  t.is(obj.images[0], 'registry.example.com/k8s/kube-apiserver:v1.31.2');
  t.is(obj.images[4], `registry.example.com/k8s/coredns:${V131_IMAGES.coreDNS}`, 'no coredns/ sub-path outside the default repository');
  const yaml = await runCli(['config', 'images', 'list', '-o', 'yaml']);
  t.regex(yaml.stdout, /^images:\n- registry\.k8s\.io\/kube-apiserver:/m);
});

test('config images list leaves out what the config does not run: external etcd, disabled addons', async (t) => {
  const ext = await runCli(['config', 'images', 'list', '--config', 'examples/external-etcd.yaml']);
  t.is(ext.exitCode, 0, ext.stderr);
  t.notRegex(ext.stdout, /etcd:/);
  const dir = await tempDir(t);
  const cfg = join(dir, 'c.yaml');
  await writeFile(cfg, 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nproxy:\n  disabled: true\ndns:\n  disabled: true\n');
  const none = await runCli(['config', 'images', 'list', '--config', cfg]);
  t.is(none.exitCode, 0, none.stderr);
  t.notRegex(none.stdout, /kube-proxy|coredns/);
  t.regex(none.stdout, /pause/);
});

test('config migrate: v1beta3 to v1beta4, defaulted; what it writes validates and migrates to itself', async (t) => {
  const dir = await tempDir(t);
  const r = await runCli(['config', 'migrate', '--old-config', 'examples/v1beta3-legacy.yaml']);
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stderr, /deprecated API version kubeadm\.k8s\.io\/v1beta3/);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>);
  t.deepEqual(docs.map((d) => [d['apiVersion'], d['kind']]), [['kubeadm.k8s.io/v1beta4', 'InitConfiguration'], ['kubeadm.k8s.io/v1beta4', 'ClusterConfiguration']]);
  const migrated = join(dir, 'new.yaml');
  const written = await runCli(['config', 'migrate', '--old-config', 'examples/v1beta3-legacy.yaml', '--new-config', migrated]);
  t.is(written.exitCode, 0);
  t.is(written.stdout, '');
  t.is(await readFile(migrated, 'utf8'), `${r.stdout}\n`);
  const again = await runCli(['config', 'migrate', '--old-config', migrated]);
  t.is(again.stdout, r.stdout, 'migrating the result changes nothing');
  t.notRegex(again.stderr, /deprecated/);
  t.is((await runCli(['config', 'validate', '--config', migrated])).exitCode, 0);
});

test('config migrate: a lone ClusterConfiguration gains its InitConfiguration, a JoinConfiguration stays one; no generated token is pinned', async (t) => {
  const dir = await tempDir(t);
  const cluster = join(dir, 'cluster.yaml');
  await writeFile(cluster, 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: c1\n');
  const r = await runCli(['config', 'migrate', '--old-config', cluster]);
  t.is(r.exitCode, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>);
  t.deepEqual(docs.map((d) => d['kind']), ['InitConfiguration', 'ClusterConfiguration']);
  t.is(docs[1]!['clusterName'], 'c1');
  t.false('token' in ((docs[0]!['bootstrapTokens'] as Record<string, unknown>[])[0] ?? {}), 'a generated token is left out');
  const join_ = await runCli(['config', 'migrate', '--old-config', 'examples/worker-join.yaml']);
  t.is(join_.exitCode, 0, join_.stderr);
  t.deepEqual(parseAllDocuments(join_.stdout).map((d) => (d.toJS() as Record<string, unknown>)['kind']), ['JoinConfiguration']);
  const missing = await runCli(['config', 'migrate']);
  t.is(missing.exitCode, 1);
  t.regex(missing.stderr, /the --old-config flag is mandatory/);
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: not-a-cidr\n');
  const invalid = await runCli(['config', 'migrate', '--old-config', bad]);
  t.is(invalid.exitCode, 1);
  t.regex(invalid.stderr, /networking\.podSubnet/);
});

test('version -o text|json|yaml|short', async (t) => {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
  t.is((await runCli(['version', '-o', 'short'])).stdout, `v${pkg.version}`);
  t.deepEqual(JSON.parse((await runCli(['version', '-o', 'json'])).stdout), { minikubeadmVersion: pkg.version, defaultKubernetesVersion: DEFAULT_KUBERNETES_VERSION });
  t.is((await runCli(['version', '-o', 'yaml'])).stdout, `defaultKubernetesVersion: ${DEFAULT_KUBERNETES_VERSION}\nminikubeadmVersion: ${pkg.version}`);
  t.regex((await runCli(['version'])).stdout, /^minikubeadm version: /);
  t.is((await runCli(['version', '-o', 'xml'])).exitCode, 1);
});

test('completion bash completes commands, phases and flags in a real bash; zsh and unknown shells', async (t) => {
  const dir = await tempDir(t);
  const wrapper = join(dir, 'minikubeadm');
  await writeFile(wrapper, `#!/bin/sh\nexec ${process.execPath} ${CLI} "$@"\n`);
  await chmod(wrapper, 0o755);
  const complete = async (...words: string[]): Promise<string[]> => {
    const script = `source <(minikubeadm completion bash)\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_minikubeadm_completions\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await execa('bash', ['-c', script], { env: { PATH: `${dir}:${process.env['PATH']}` } });
    return r.stdout.split('\n').filter(Boolean);
  };
  t.deepEqual(await complete('minikubeadm', 'ce'), ['certs']);
  t.deepEqual(await complete('minikubeadm', 'reset', 'phase', 'cl'), ['cleanup-node']);
  t.true((await complete('minikubeadm', 'token', 'create', '--pr')).includes('--print-join-command'));
  const zsh = await runCli(['completion', 'zsh']);
  t.regex(zsh.stdout, /^#compdef minikubeadm\n/);
  t.regex(zsh.stdout, /compdef _minikubeadm minikubeadm/);
  const fish = await runCli(['completion', 'fish']);
  t.is(fish.exitCode, 1);
  t.regex(fish.stderr, /unsupported shell type "fish"/);
});
