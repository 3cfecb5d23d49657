import test from 'ava';
import { join } from 'node:path';
import { MinikubeadmError } from '../../../../src/errors.js';
import { MAX_CONFIG_BYTES, MAX_NESTING, parseConfigText, readConfigFile } from '../../../../src/config/load/parse.js';
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

test('duplicate keys are an error with their name and both lines', (t) => {
  const r = parseConfigText('apiVersion: v\nkind: K\nfoo: 1\nfoo: 2\n', 'c.yaml');
  t.is(r.issues.length, 1);
  t.is(r.issues[0]!.path, 'K.foo');
  t.is(r.issues[0]!.message, 'duplicate key "foo" (first at line 3): keep one');
  t.is(r.issues[0]!.source, 'c.yaml:4');
  t.is(r.documents.length, 0);
});

test('a nested duplicate key is named with its full path', (t) => {
  const r = parseConfigText('apiVersion: v\nkind: K\nnetworking:\n  podSubnet: a\n  podSubnet: b\n', 'c.yaml');
  t.deepEqual(r.issues.map((i) => [i.path, i.source]), [['K.networking.podSubnet', 'c.yaml:5']]);
});

test('a mapping with 40,000 keys parses in linear time', (t) => {
  const keys = (n: number): string => `apiVersion: v\nkind: K\n${Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n')}\n`;
  const time = (text: string): number => {
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const start = performance.now();
      const r = parseConfigText(text, 'c.yaml');
      best = Math.min(best, performance.now() - start);
      t.is(r.issues.length, 0);
    }
    return best;
  };
  time(keys(40_000)); // warm up
  const small = time(keys(5_000));
  const large = time(keys(40_000));
  // 8 times the keys: linear is about 8 times the time, quadratic 64 times (it took 11–31 s before).
  t.true(large < small * 24 + 500, `5,000 keys: ${Math.round(small)} ms, 40,000 keys: ${Math.round(large)} ms`);
  t.true(large < 8000, `40,000 keys took ${Math.round(large)} ms`);
});

test('a duplicate among 40,000 keys is still found', (t) => {
  const text = `apiVersion: v\nkind: K\n${Array.from({ length: 40_000 }, (_, i) => `k${i}: 1`).join('\n')}\nk17: 2\n`;
  const r = parseConfigText(text, 'c.yaml');
  t.deepEqual(r.issues.map((i) => i.path), ['K.k17']);
  t.regex(r.issues[0]!.message, /first at line 20\)/);
});

test('nesting deeper than the limit is refused without building the value', (t) => {
  const deep = `apiVersion: v\nkind: K\nx: ${'['.repeat(MAX_NESTING + 5)}${']'.repeat(MAX_NESTING + 5)}\n`;
  const r = parseConfigText(deep, 'c.yaml');
  t.is(r.issues.length, 1);
  t.regex(r.issues[0]!.message, /nested more than 32 levels/);
  t.is(r.documents.length, 0);
});

test('text beyond the size limit is refused unparsed', (t) => {
  const r = parseConfigText(`apiVersion: v\nkind: K\n#${'x'.repeat(MAX_CONFIG_BYTES)}\n`, 'c.yaml');
  t.is(r.issues.length, 1);
  t.regex(r.issues[0]!.message, /larger than 2 MiB/);
});

for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
  test(`"${name}" as a field name is an unknown field`, async (t) => {
    const { loadConfig } = await import('../../../../src/config/index.js');
    const text = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n${name}: {a: 1}\n`;
    const e = await t.throwsAsync(loadConfig({ command: 'init', file: 'c.yaml', text }));
    t.regex(e!.message, new RegExp(`ClusterConfiguration\\.${name}: unknown field "${name}"`));
    t.is(({} as Record<string, unknown>)['a'], undefined);
  });
}

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

test('a FIFO given as --config is refused at once, unread', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const dir = await tempDir();
  const fifo = join(dir, 'config.yaml');
  execFileSync('mkfifo', [fifo]);
  const err = await t.throwsAsync(readConfigFile(fifo), { instanceOf: MinikubeadmError });
  t.is(err!.code, 'CONFIG_READ');
  t.true(err!.message.includes(`${fifo} is a FIFO (named pipe), not a regular file`), err!.message);
});

test('a config file beyond 2 MiB is refused unread', async (t) => {
  const { writeFile } = await import('node:fs/promises');
  const dir = await tempDir();
  const big = join(dir, 'big.yaml');
  await writeFile(big, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
  const err = await t.throwsAsync(readConfigFile(big), { instanceOf: MinikubeadmError });
  t.regex(err!.message, /larger than 2 MiB/);
});

test('a config file that is not UTF-8 is refused instead of read with replacement characters', async (t) => {
  const { writeFile } = await import('node:fs/promises');
  const dir = await tempDir();
  const file = join(dir, 'latin1.yaml');
  await writeFile(file, Buffer.concat([Buffer.from('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  const err = await t.throwsAsync(readConfigFile(file), { instanceOf: MinikubeadmError });
  t.regex(err!.message, /it is not UTF-8 text/);
});

test('words such as e0 stay strings; exponent numbers need a digit first, as in go-yaml', (t) => {
  const r = parseConfigText('apiVersion: v\nkind: K\na: e0\nb: E5\nc: +e3\nd: 1e3\ne: 1.5e3\nf: .5e1\n', 'c.yaml');
  t.deepEqual(r.issues, []);
  t.deepEqual(r.documents[0]!.body, { apiVersion: 'v', kind: 'K', a: 'e0', b: 'E5', c: '+e3', d: 1000, e: 1500, f: 5 });
});
