import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { MinikubeadmError } from '../../../src/errors.js';
import { clusterInfoConfigMap } from '../../../src/kube/objects/cluster-info.js';
import { clusterInfoKubeconfig } from '../../../src/kubeconfig/cluster-info.js';
import { type ReadFile, currentCluster, parseKubeconfig } from '../../../src/kubeconfig/kubeconfig.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CA = Buffer.from(PEM).toString('base64');
const admin = (cluster: string): string => `apiVersion: v1
kind: Config
clusters:
- cluster:
${cluster}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    client-certificate-data: eA==
    client-key-data: eA==
`;
const none: ReadFile = async () => undefined;
const clusterOf = (text: string, file: string, read: ReadFile) => currentCluster(parseKubeconfig(text, file), file, read);

test('cluster-info: one cluster named "", no users or contexts, as client-go writes it', async (t) => {
  const entry = await clusterOf(admin(`    certificate-authority-data: ${CA}\n    server: https://192.0.2.10:6443`), 'admin.conf', none);
  t.deepEqual({ server: entry.server, caPem: entry.caPem }, { server: 'https://192.0.2.10:6443', caPem: PEM });
  t.is(
    clusterInfoKubeconfig(entry),
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${CA}\n    server: https://192.0.2.10:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`,
  );
  const cm = clusterInfoConfigMap(clusterInfoKubeconfig(entry));
  t.deepEqual([cm.metadata.namespace, cm.metadata.name, Object.keys(cm['data'] as object)], ['kube-public', 'cluster-info', ['kubeconfig']]);
});

test('kubectl reads the cluster-info kubeconfig', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mka-ci-'));
  const file = join(dir, 'cluster-info.yaml');
  writeFileSync(file, clusterInfoKubeconfig({ server: 'https://[fd00::10]:6443', caPem: PEM }));
  const out = JSON.parse(execFileSync('kubectl', ['config', 'view', '--kubeconfig', file, '--raw', '-o', 'json']).toString()) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: unknown;
  };
  t.is(out.clusters.length, 1);
  t.is(out.clusters[0]!.name, '');
  t.is(out.clusters[0]!.cluster.server, 'https://[fd00::10]:6443');
  t.is(out.clusters[0]!.cluster['certificate-authority-data'], CA);
});

test('a CA given as a file is embedded, the path resolved against the kubeconfig directory as clientcmd does', async (t) => {
  const absolute = await clusterOf(admin('    certificate-authority: /pki/ca.crt\n    server: https://h:6443'), '/etc/kubernetes/admin.conf', async (p) => (p === '/pki/ca.crt' ? 'PEM' : undefined));
  t.is(absolute.caPem, 'PEM');
  const relative = await clusterOf(admin('    certificate-authority: pki/ca.crt\n    server: https://h:6443'), '/etc/kubernetes/admin.conf', async (p) => (p === '/etc/kubernetes/pki/ca.crt' ? 'PEM' : undefined));
  t.is(relative.caPem, 'PEM');
});

const broken = test.macro(async (t, text: string, message: RegExp) => {
  const e = await t.throwsAsync(async () => clusterOf(text, '/etc/kubernetes/admin.conf', none), { instanceOf: MinikubeadmError });
  t.regex(e!.message, message);
  t.regex(e!.message, /\/etc\/kubernetes\/admin\.conf/);
});
test('no current context', broken, 'apiVersion: v1\nkind: Config\n', /current-context is not set/);
test('no server', broken, admin(`    certificate-authority-data: ${CA}`), /has no server/);
test('no CA', broken, admin('    server: https://h:6443'), /no certificate authority/);
test('missing CA file', broken, admin('    certificate-authority: /nope\n    server: https://h:6443'), /\/nope, which does not exist/);
test('not YAML', broken, 'a: [', /not valid YAML/);
