import test from 'ava';
import { MinikubeadmError } from '../../../src/errors.js';
import { buildKubeconfig, caOf, clientCredentialsOf, currentOf, parseKubeconfig, serializeKubeconfig, serverOf } from '../../../src/kubeconfig/kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nS0VZ\n-----END RSA PRIVATE KEY-----\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const input = { clusterName: 'kubernetes', server: 'https://192.0.2.10:6443', caCertPem: CA, userName: 'system:node:node-1', clientCertPem: CERT, clientKeyPem: KEY };

test('laid out as clientcmd writes it: sorted keys, one-line base64, preferences {}', (t) => {
  t.is(
    serializeKubeconfig(buildKubeconfig(input)),
    [
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${b64(CA)}`,
      '    server: https://192.0.2.10:6443',
      '  name: kubernetes',
      'contexts:',
      '- context:',
      '    cluster: kubernetes',
      '    user: system:node:node-1',
      '  name: system:node:node-1@kubernetes',
      'current-context: system:node:node-1@kubernetes',
      'kind: Config',
      'preferences: {}',
      'users:',
      '- name: system:node:node-1',
      '  user:',
      `    client-certificate-data: ${b64(CERT)}`,
      `    client-key-data: ${b64(KEY)}`,
      '',
    ].join('\n'),
  );
});

test('long data stays on one line', (t) => {
  const big = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(3000)}\n-----END CERTIFICATE-----\n`;
  const text = serializeKubeconfig(buildKubeconfig({ ...input, caCertPem: big }));
  t.true(text.split('\n').some((l) => l === `    certificate-authority-data: ${b64(big)}`));
});

test('a token kubeconfig (CreateWithToken) has the token and no certificate', (t) => {
  const config = buildKubeconfig({ clusterName: 'kubernetes', server: 'https://x:6443', caCertPem: CA, userName: 'tls-bootstrap-token-user', token: 'abcdef.0123456789abcdef' });
  t.deepEqual(config.users, [{ name: 'tls-bootstrap-token-user', user: { token: 'abcdef.0123456789abcdef' } }]);
});

test('parse round-trips and the current entries resolve', (t) => {
  const config = parseKubeconfig(serializeKubeconfig(buildKubeconfig(input)), 'kubelet.conf');
  t.is(serverOf(config), 'https://192.0.2.10:6443');
  t.is(caOf(config)?.toString(), CA);
  const creds = clientCredentialsOf(config);
  t.is(creds.cert?.toString(), CERT);
  t.is(creds.key?.toString(), KEY);
  t.is(currentOf(config).user.name, 'system:node:node-1');
});

const broken = test.macro<[string, RegExp]>({
  exec(t, text, message) {
    const e = t.throws(() => currentOf(parseKubeconfig(text, '/k/admin.conf'), '/k/admin.conf'), { instanceOf: MinikubeadmError });
    t.is(e?.code, 'KUBECONFIG_INVALID');
    t.regex(e!.message, message);
    t.true(e!.message.includes('/k/admin.conf'));
  },
  title: (_, _text, message) => `an unusable kubeconfig is KUBECONFIG_INVALID: ${message.source.replace(/\\/g, '')}`,
});
test(broken, 'clusters: [', /is not valid YAML/);
test(broken, '- a\n- b\n', /not a YAML mapping/);
test(broken, 'kind: Pod\n', /has kind "Pod"/);
test(broken, 'kind: Config\ncontexts: []\n', /has no current-context/);
test(broken, 'current-context: a\ncontexts: [{name: a, context: {cluster: c, user: u}}]\n', /has no cluster "c"/);
test(broken, 'current-context: a\ncontexts: [{name: a, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: s}}]\n', /has no user "u"/);
