import test from 'ava';
import { checkHostPort, checkHostPortRequired, checkImageRepository, controlCharIndex, parseCidrList } from '../../../../src/config/validate/checks.js';
import { isDNS1123Label, isDNS1123Subdomain, isWildcardDNS1123Subdomain } from '../../../../src/net/dns-names.js';
import { splitHostPort } from '../../../../src/net/host-port.js';

const truth = test.macro({
  exec(t, fn: (s: string) => boolean, input: string, expected: boolean) {
    t.is(fn(input), expected);
  },
  title: (_p, fn: (s: string) => boolean, input: string, expected: boolean) => `${fn.name}(${JSON.stringify(input)}) = ${expected}`,
});
for (const [s, ok] of [['a', true], ['node-1.example.com', true], ['-a', false], ['a-', false], ['A', false], ['a_b', false], ['', false], [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true], [`${'a.'.repeat(127)}ab`, false]] as const) {
  test(truth, isDNS1123Subdomain, s, ok);
}
for (const [s, ok] of [['etc-pki', true], ['a.b', false], ['x'.repeat(64), false]] as const) test(truth, isDNS1123Label, s, ok);
for (const [s, ok] of [['*.example.com', true], ['*.*.example.com', false], ['a.*.com', false], ['*', false]] as const) test(truth, isWildcardDNS1123Subdomain, s, ok);

const endpoint = test.macro({
  exec(t, input: string, ok: boolean) {
    t.is(checkHostPort(input) === undefined, ok, checkHostPort(input));
  },
  title: (_p, input: string, ok: boolean) => `controlPlaneEndpoint ${JSON.stringify(input)} ${ok ? 'accepted' : 'rejected'}`,
});
for (const [s, ok] of [
  ['cp.example.com', true],
  ['cp.example.com:6443', true],
  ['10.0.0.1', true],
  ['10.0.0.1:443', true],
  ['[2001:db8::1]:6443', true],
  ['2001:db8::1', true],
  // Brackets without a port: kubeadm's ParseHostPort refuses it, so validation does too (before anything is written).
  ['[2001:db8::1]', false],
  ['[::1]', false],
  ['fe80::1%eth0', false],
  ['[fe80::1%eth0]:6443', false],
  ['cp.example.com:0', false],
  ['cp.example.com:65536', false],
  ['cp.example.com:https', false],
  ['under_score:6443', false],
  ['a:b:c', false],
] as const) {
  test(endpoint, s, ok);
}

test('host:port with the port required (discovery endpoint)', (t) => {
  t.is(checkHostPortRequired('192.0.2.1:6443'), undefined);
  t.is(checkHostPortRequired('[2001:db8::1]:6443'), undefined);
  t.regex(checkHostPortRequired('192.0.2.1') ?? '', /not host:port/);
  t.regex(checkHostPortRequired(':6443') ?? '', /not an IP address or a DNS name/);
  t.deepEqual(splitHostPort('[::1]:80'), { host: '::1', port: '80' });
  t.is(splitHostPort('::1'), undefined);
});

test('CIDR lists: single, dual-stack, and the errors kubeadm gives', (t) => {
  const one = parseCidrList('10.244.1.7/16');
  t.true('cidrs' in one && one.cidrs[0]!.address === '10.244.0.0');
  t.true('cidrs' in parseCidrList('10.244.0.0/16,fd00::/56'));
  const errorOf = (text: string): string => {
    const r = parseCidrList(text);
    return 'error' in r ? r.error : '';
  };
  t.regex(errorOf('10.244.0.0/16,10.245.0.0/16'), /one of each family/);
  t.regex(errorOf('a,b,c'), /"a" is not a valid CIDR/);
  t.true('error' in parseCidrList('10.0.0.0/8,fd00::/8,10.1.0.0/16'));
});

test('image repositories as distribution references', (t) => {
  for (const ok of ['registry.k8s.io', 'registry.example.com:5000/k8s', 'localhost:5000', 'docker.io/library', '[::1]:5000/x', 'gcr.io/k8s-staging-ci-images']) {
    t.is(checkImageRepository(ok), undefined, ok);
  }
  for (const bad of ['registry.example.com/UPPER', 'a b', 'registry.example.com/', 'https://registry.k8s.io', '']) {
    t.truthy(checkImageRepository(bad), bad);
  }
});

test('control characters are found, ordinary text passes', (t) => {
  t.is(controlCharIndex('registry.k8s.io'), -1);
  t.is(controlCharIndex('é ü ✓'), -1);
  t.is(controlCharIndex('a\nb'), 1);
  t.is(controlCharIndex('\ta'), 0);
  t.is(controlCharIndex('x\u0085'), 1);
  t.is(controlCharIndex('x\u2028'), 1);
});
