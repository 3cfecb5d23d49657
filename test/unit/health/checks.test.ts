import test from 'ava';
import { controlPlaneHealthChecks, kubeletHealthCheck, manifestArgs } from '../../../src/health/checks.js';
import { testConfig } from '../../helpers/config.js';

const ca = Buffer.from('CA');

test('probe URLs as kubeadm checks them', (t) => {
  const checks = controlPlaneHealthChecks(testConfig('/k'), ca);
  t.deepEqual(checks.map((c) => [c.name, c.url, c.ca === ca]), [
    ['kube-apiserver', 'https://192.0.2.10:6443/livez', true],
    ['kube-controller-manager', 'https://127.0.0.1:10257/healthz', false],
    ['kube-scheduler', 'https://127.0.0.1:10259/healthz', false],
  ]);
  t.is(kubeletHealthCheck().url, 'http://127.0.0.1:10248/healthz');
  t.is(kubeletHealthCheck({ healthzBindAddress: '::1', healthzPort: 1234 }).url, 'http://[::1]:1234/healthz');
});

test('bind-address and secure-port extraArgs move the probes; IPv6 is bracketed', (t) => {
  const config = testConfig('/k', {
    init: { localAPIEndpoint: { advertiseAddress: 'fd00::10', bindPort: 443 } },
    cluster: { controllerManager: { extraArgs: [{ name: 'bind-address', value: '10.0.0.5' }, { name: 'secure-port', value: '11257' }] }, scheduler: { extraArgs: [{ name: 'bind-address', value: '0.0.0.0' }] } },
  });
  t.deepEqual(controlPlaneHealthChecks(config, ca).map((c) => c.url), ['https://[fd00::10]:443/livez', 'https://10.0.0.5:11257/healthz', 'https://127.0.0.1:10259/healthz']);
});

test('WaitForAllControlPlaneComponents: the written manifests\' flags win over the config (a patched or templated port is respected)', (t) => {
  const manifest = (name: string, flags: string[]): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: ${name}\n    command:\n    - ${name}\n${flags.map((f) => `    - ${f}\n`).join('')}`;
  const manifests = {
    'kube-apiserver': manifestArgs(manifest('kube-apiserver', ['--advertise-address=192.0.2.99', '--secure-port=7443']))!,
    'kube-controller-manager': manifestArgs(manifest('kube-controller-manager', ['--bind-address=127.0.0.2', '--secure-port=20257']))!,
  };
  t.deepEqual(manifests['kube-controller-manager'], [{ name: 'bind-address', value: '127.0.0.2' }, { name: 'secure-port', value: '20257' }]);
  t.deepEqual(controlPlaneHealthChecks(testConfig('/k'), ca, manifests).map((c) => c.url), [
    'https://192.0.2.99:7443/livez',
    'https://127.0.0.2:20257/healthz',
    'https://127.0.0.1:10259/healthz',
  ]);
  t.is(manifestArgs('not: [a pod'), undefined);
  t.is(manifestArgs('kind: ConfigMap\n'), undefined);
});

test('without WaitForAllControlPlaneComponents (before v1.33, or turned off) only the API server is checked', (t) => {
  t.deepEqual(controlPlaneHealthChecks(testConfig('/k'), ca, {}, false).map((c) => c.name), ['kube-apiserver']);
});
