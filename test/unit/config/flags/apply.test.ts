import test from 'ava';
import { MinikubeadmError } from '../../../../src/errors.js';
import { checkMixedArguments, convertPort, flagName, setPath } from '../../../../src/config/flags/apply.js';
import { HOST_ADDRESS, doc, issuesOf, load } from '../helpers.js';

test('flags set their config fields (no --config)', async (t) => {
  const { config } = await load(undefined, {
    flags: {
      apiserverAdvertiseAddress: '198.51.100.4',
      apiserverBindPort: '7443',
      controlPlaneEndpoint: 'cp.example.com',
      podNetworkCidr: '10.244.0.0/16',
      serviceCidr: '10.112.0.0/16',
      serviceDnsDomain: 'k8s.internal',
      kubernetesVersion: 'stable',
      nodeName: 'cp-1',
      certDir: '/srv/k8s/pki',
      imageRepository: 'registry.example.com:5000/k8s',
      apiserverCertExtraSans: ['api.example.com', '198.51.100.5'],
      criSocket: 'unix:///run/crio/crio.sock',
      token: 'abcdef.0123456789abcdef',
      tokenTtl: '2h',
      certificateKey: 'a'.repeat(64),
    },
  });
  t.deepEqual(config.init.localAPIEndpoint, { advertiseAddress: '198.51.100.4', bindPort: 7443 });
  t.is(config.cluster.controlPlaneEndpoint, 'cp.example.com');
  t.deepEqual(config.cluster.networking, { podSubnet: '10.244.0.0/16', serviceSubnet: '10.112.0.0/16', dnsDomain: 'k8s.internal' });
  t.is(config.init.nodeRegistration.name, 'cp-1');
  t.is(config.cluster.certificatesDir, '/srv/k8s/pki');
  t.is(config.cluster.imageRepository, 'registry.example.com:5000/k8s');
  t.deepEqual(config.cluster.apiServer.certSANs, ['api.example.com', '198.51.100.5']);
  t.is(config.init.nodeRegistration.criSocket, 'unix:///run/crio/crio.sock');
  t.is(config.init.bootstrapTokens.length, 1);
  t.is(config.init.bootstrapTokens[0]!.token, 'abcdef.0123456789abcdef');
  t.is(config.init.bootstrapTokens[0]!.ttl.text, '2h0m0s');
  t.is(config.init.certificateKey, 'a'.repeat(64));
});

const badFlag = test.macro({
  async exec(t, flags: Record<string, unknown>, flag: string, fragment: string) {
    const issues = await issuesOf(t, undefined, { flags });
    const hit = issues.find((i) => i.path === flag);
    t.truthy(hit, JSON.stringify(issues));
    t.true(hit!.message.includes(fragment), hit!.message);
    t.is(hit!.source, undefined);
  },
  title: (_p, _f, flag: string, fragment: string) => `a bad ${flag} value is reported under the flag: ${fragment}`,
});
test(badFlag, { podNetworkCidr: 'abc' }, '--pod-network-cidr', '"abc" is not a valid CIDR');
test(badFlag, { serviceCidr: '10.96.0.0/30' }, '--service-cidr', 'too small');
test(badFlag, { apiserverAdvertiseAddress: 'not-an-ip' }, '--apiserver-advertise-address', 'is not a valid IP address');
test(badFlag, { apiserverBindPort: 'abc' }, '--apiserver-bind-port', '"abc" is not a valid port: use 1–65535');
test(badFlag, { apiserverBindPort: '99999' }, '--apiserver-bind-port', '"99999" is not a valid port');
test(badFlag, { apiserverBindPort: '64 43' }, '--apiserver-bind-port', '"64 43" is not a valid port');
test(badFlag, { apiserverBindPort: '-1' }, '--apiserver-bind-port', '"-1" is not a valid port');
test(badFlag, { controlPlaneEndpoint: 'a b' }, '--control-plane-endpoint', 'not a valid endpoint');
test(badFlag, { kubernetesVersion: 'v2.0.0' }, '--kubernetes-version', 'is not a Kubernetes version');
test(badFlag, { nodeName: 'UPPER' }, '--node-name', 'lower case');
test(badFlag, { token: 'short.token' }, '--token', 'not a valid bootstrap token');
test(badFlag, { tokenTtl: 'forever' }, '--token-ttl', 'is not a duration');
test(badFlag, { certificateKey: 'zz' }, '--certificate-key', '64 hexadecimal');
test(badFlag, { serviceDnsDomain: 'bad_domain' }, '--service-dns-domain', 'RFC 1123');
test(badFlag, { imageRepository: 'UPPER CASE' }, '--image-repository', 'not a valid image repository');
test(badFlag, { apiserverCertExtraSans: ['ok.example.com', 'bad name'] }, '--apiserver-cert-extra-sans', 'not a valid IP address');
test(badFlag, { criSocket: 'npipe:////./pipe/x' }, '--cri-socket', 'only the URL scheme "unix"');
test(badFlag, { certDir: 'rel' }, '--cert-dir', '"rel" must be an absolute path');

test('--apiserver-bind-port: digits become the port; 0 means the default, as kubeadm\'s zero value', async (t) => {
  t.deepEqual(convertPort('7443'), { value: 7443 });
  t.deepEqual(convertPort(' 443 '), { value: 443 });
  const zero = await load(undefined, { flags: { apiserverBindPort: '0' } });
  t.is(zero.config.init.localAPIEndpoint.bindPort, 6443);
  const issues = await issuesOf(t, undefined, { flags: { apiserverBindPort: '6443x', podNetworkCidr: 'nope' } });
  t.deepEqual(issues.map((i) => i.path).sort(), ['--apiserver-bind-port', '--pod-network-cidr']);
});

test('--config cannot be mixed with flags that set fields, as in kubeadm', (t) => {
  const err = t.throws(() => checkMixedArguments({ podNetworkCidr: '10.244.0.0/16', certDir: '/x' }, true, 'init'), { instanceOf: MinikubeadmError });
  t.is(err!.code, 'FLAG_INVALID');
  t.is(err!.message, "can not mix '--config' with arguments [pod-network-cidr cert-dir]");
  t.regex(err!.hint ?? '', /--pod-network-cidr → ClusterConfiguration\.networking\.podSubnet/);
  t.notThrows(() => checkMixedArguments({ nodeName: 'x', skipPhases: ['addons'], ignorePreflightErrors: ['all'] }, true, 'init'));
  t.notThrows(() => checkMixedArguments({ podNetworkCidr: '10.244.0.0/16' }, false, 'init'));
});

test('--node-name is allowed with --config and wins over the file', async (t) => {
  const { config } = await load(doc('InitConfiguration', 'nodeRegistration:\n  name: from-file\n'), { flags: { nodeName: 'from-flag' } });
  t.is(config.init.nodeRegistration.name, 'from-flag');
});

test('join flags build the JoinConfiguration; --token fills discovery and TLS bootstrap tokens', async (t) => {
  const hash = `sha256:${'b'.repeat(64)}`;
  const { config } = await load(undefined, {
    command: 'join',
    flags: { apiServerEndpoint: '192.0.2.1:6443', token: 'abcdef.0123456789abcdef', discoveryTokenCaCertHash: [hash], nodeName: 'worker-1' },
  });
  t.deepEqual(config.join!.discovery, {
    tlsBootstrapToken: 'abcdef.0123456789abcdef',
    bootstrapToken: { token: 'abcdef.0123456789abcdef', apiServerEndpoint: '192.0.2.1:6443', caCertHashes: [hash], unsafeSkipCAVerification: false },
  });
  t.is(config.join!.nodeRegistration.name, 'worker-1');
  t.is(config.join!.controlPlane, undefined);
});

test('join --control-plane takes the advertise address, port and certificate key flags', async (t) => {
  const { config } = await load(undefined, {
    command: 'join',
    flags: { controlPlane: true, apiServerEndpoint: 'cp.example.com:6443', token: 'abcdef.0123456789abcdef', discoveryTokenUnsafeSkipCaVerification: true, apiserverBindPort: '7443', certificateKey: 'c'.repeat(64) },
  });
  t.deepEqual(config.join!.controlPlane, { localAPIEndpoint: { advertiseAddress: HOST_ADDRESS, bindPort: 7443 }, certificateKey: 'c'.repeat(64) });
});

test('join with a bad hash names the flag', async (t) => {
  const issues = await issuesOf(t, undefined, { command: 'join', flags: { apiServerEndpoint: '192.0.2.1:6443', token: 'abcdef.0123456789abcdef', discoveryTokenCaCertHash: ['md5:abc'] } });
  t.true(issues.some((i) => i.path === '--discovery-token-ca-cert-hash' && i.message.includes('sha256:<64 hex characters>')));
});

test('flag names are kubeadm\'s', (t) => {
  t.is(flagName('apiserverAdvertiseAddress'), '--apiserver-advertise-address');
  t.is(flagName('discoveryTokenUnsafeSkipCaVerification'), '--discovery-token-unsafe-skip-ca-verification');
  t.is(flagName('podNetworkCidr'), '--pod-network-cidr');
  t.is(flagName('apiServerEndpoint'), '<api-server-endpoint>');
});

test('setPath creates parents and list items', (t) => {
  const o: Record<string, unknown> = {};
  setPath(o, 'bootstrapTokens[0].ttl', '1h');
  setPath(o, 'a.b.c', 1);
  t.deepEqual(o, { bootstrapTokens: [{ ttl: '1h' }], a: { b: { c: 1 } } });
});

test('join with --config ignores the endpoint argument, with a warning (kubeadm)', async (t) => {
  const yaml = doc('JoinConfiguration', `discovery:\n  bootstrapToken:\n    token: abcdef.0123456789abcdef\n    apiServerEndpoint: 192.0.2.1:6443\n    unsafeSkipCAVerification: true\n`);
  const { config, warnings } = await load(yaml, { command: 'join', flags: { apiServerEndpoint: '203.0.113.9:6443' } });
  t.is(config.join!.discovery.bootstrapToken!.apiServerEndpoint, '192.0.2.1:6443');
  t.regex(warnings, /ignored the API server endpoint argument because --config is used/);
});
