import test from 'ava';
import { join } from 'node:path';
import { MinikubeadmError } from '../../../../src/errors.js';
import { parseConfigText, readConfigFile } from '../../../../src/config/load/parse.js';
import { tempDir } from '../helpers.js';

const text = [
  '# a comment',
  'apiVersion: kubeadm.k8s.io/v1beta4', // 2
  'kind: InitConfiguration', // 3
  'bootstrapTokens:', // 4
  '- token: abcdef.0123456789abcdef', // 5
  '  ttl: 2h', // 6
  '---', // 7
  'apiVersion: kubeadm.k8s.io/v1beta4', // 8
  'kind: ClusterConfiguration', // 9
  'networking:', // 10
  '  podSubnet: 10.244.0.0/16', // 11
  'apiServer:', // 12
  '  certSANs: [a.example.com, 10.0.0.1]', // 13
  '---', // 14
  '---', // 15 (empty document)
  'apiVersion: kubelet.config.k8s.io/v1beta1', // 16
  'kind: KubeletConfiguration', // 17
  'cgroupDriver: systemd', // 18
].join('\n');

test('multi-document file: every document with its kind, version and start line', (t) => {
  const r = parseConfigText(text, 'c.yaml');
  t.deepEqual(r.issues, []);
  t.deepEqual(
    r.documents.map((d) => [d.index, d.kind, d.apiVersion, d.line]),
    [
      [1, 'InitConfiguration', 'kubeadm.k8s.io/v1beta4', 2],
      [2, 'ClusterConfiguration', 'kubeadm.k8s.io/v1beta4', 8],
      [4, 'KubeletConfiguration', 'kubelet.config.k8s.io/v1beta1', 16],
    ],
  );
  t.deepEqual(r.documents[2]!.body, { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'systemd' });
});

const lineOf = test.macro({
  exec(t, path: string, line: number) {
    t.is(parseConfigText(text, 'c.yaml').lines.get(path), line);
  },
  title: (_p, path: string, line: number) => `line of ${path} is ${line}`,
});
test(lineOf, 'InitConfiguration', 2);
test(lineOf, 'InitConfiguration.bootstrapTokens', 4);
test(lineOf, 'InitConfiguration.bootstrapTokens[0]', 5);
test(lineOf, 'InitConfiguration.bootstrapTokens[0].ttl', 6);
test(lineOf, 'ClusterConfiguration.networking.podSubnet', 11);
test(lineOf, 'ClusterConfiguration.apiServer.certSANs[1]', 13);
test(lineOf, 'KubeletConfiguration.cgroupDriver', 18);

test('YAML 1.1 scalars, as kubeadm reads them: yes is a boolean, quoted stays a string', (t) => {
  const r = parseConfigText('apiVersion: v\nkind: K\na: yes\nb: "yes"\nc: 1.30\n', 'c.yaml');
  t.deepEqual(r.documents[0]!.body, { apiVersion: 'v', kind: 'K', a: true, b: 'yes', c: 1.3 });
});

test('a syntax error names the document and the line', (t) => {
  const r = parseConfigText('apiVersion: v\nkind: K\n---\napiVersion: v\nkind: [K\n', 'c.yaml');
  t.is(r.documents.length, 1);
  t.is(r.issues.length >= 1, true);
  t.is(r.issues[0]!.path, 'document 2');
  t.regex(r.issues[0]!.message, /^YAML syntax error: /);
  t.regex(r.issues[0]!.source ?? '', /^c\.yaml:\d+$/);
});

test('duplicate keys are an error with their line', (t) => {
  const r = parseConfigText('apiVersion: v\nkind: K\nfoo: 1\nfoo: 2\n', 'c.yaml');
  t.is(r.issues.length, 1);
  t.regex(r.issues[0]!.message, /unique/i);
  t.is(r.issues[0]!.source, 'c.yaml:4');
});

test('a document that is not a mapping, or lacks kind or apiVersion, is reported', (t) => {
  const r = parseConfigText('- a\n- b\n---\napiVersion: v\n---\nkind: K\n', 'c.yaml');
  t.deepEqual(
    r.issues.map((i) => [i.path, i.source]),
    [
      ['document 1', 'c.yaml:1'],
      ['document 2.kind', 'c.yaml:4'],
      ['K.apiVersion', 'c.yaml:6'],
    ],
  );
});

test('an empty file has no documents and no issues (the pipeline reports it)', (t) => {
  const r = parseConfigText('# only a comment\n', 'c.yaml');
  t.deepEqual(r.documents, []);
  t.deepEqual(r.issues, []);
});

test('an unreadable file is CONFIG_READ naming the file', async (t) => {
  const dir = await tempDir();
  const missing = join(dir, 'nope.yaml');
  const err = await t.throwsAsync(readConfigFile(missing), { instanceOf: MinikubeadmError });
  t.is(err!.code, 'CONFIG_READ');
  t.true(err!.message.includes(missing));
  t.true(err!.message.includes('no such file'));
  const dirErr = await t.throwsAsync(readConfigFile(dir), { instanceOf: MinikubeadmError });
  t.true(dirErr!.message.includes('directory'));
});
